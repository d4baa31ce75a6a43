/** Select, Radio and Segmented options for a list of words that are both value and label. */
export function optionsOf<T extends string>(values: readonly T[]): { value: T; label: T }[] {
  return values.map((v) => ({ value: v, label: v }));
}
