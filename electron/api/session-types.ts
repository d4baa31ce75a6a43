/** What the app shows before anything else: is the database open, and who is working. */
export interface SessionStatus {
  /** An encrypted database whose password has not been given yet. */
  locked: boolean;
  /** The database file is encrypted (a password was set). */
  encrypted: boolean;
  /** The operator chosen at start, or null when the app should ask. */
  operator: string | null;
  /** The operator list from 设置 (empty while locked). */
  operators: string[];
}
