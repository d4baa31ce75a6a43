import type { FormInstance } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import type { FieldError } from '../../../electron/api/errors';

/** Maps a service's field path to this form's field name; null: the form has no such field. */
export type FieldPathMap = (path: (string | number)[]) => NamePath | null;

/**
 * Puts each bad field's message (from a service's VALIDATION error) under that field, in red,
 * until the field changes. Paths the form does not have are left to the top message.
 */
export function applyFieldErrors<Values>(
  form: FormInstance<Values>,
  fields: FieldError[] | undefined,
  map: FieldPathMap = (path) => path,
): void {
  if (!fields?.length) return;
  const byName = new Map<string, { name: NamePath; errors: string[] }>();
  for (const field of fields) {
    const name = map(field.path);
    if (name === null || (Array.isArray(name) && name.length === 0)) continue;
    const key = JSON.stringify(name);
    // Only fields the form really shows: setFields on an unknown name would do nothing visible.
    const entry = byName.get(key) ?? { name, errors: [] };
    if (!entry.errors.includes(field.message)) entry.errors.push(field.message);
    byName.set(key, entry);
  }
  const entries = [...byName.values()];
  if (entries.length === 0) return;
  form.setFields(entries as Parameters<FormInstance<Values>['setFields']>[0]);
  form.scrollToField(entries[0]!.name, { block: 'center' });
}
