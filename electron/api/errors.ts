/** Error codes that cross every boundary (IPC, web host, CLI) together with a Chinese message. */
export type ErrorCode =
  | 'VALIDATION'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'UNKNOWN_METHOD'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'BUSY'
  | 'LOCKED'
  | 'DISK_FULL'
  | 'MIGRATION'
  | 'INTERNAL'
  /** The desktop's service process ended mid-call and was restarted (issue 15 item 1). */
  | 'SERVICE_RESTARTED';

/** One bad field of an input: where it is (['members', 1, 'idNumber']) and what is wrong. */
export interface FieldError {
  path: (string | number)[];
  /** Shown under the field: names the problem, not the field (the label above names that). */
  message: string;
}

export interface ApiErrorShape {
  code: ErrorCode;
  /** Shown to the clerk as is. */
  message: string;
  /** Validation errors: each bad field, for a form to show under that field (additive). */
  fields?: FieldError[];
}

export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ApiErrorShape };

/** Thrown by services; its message is already the Chinese sentence the UI shows. */
export class AppError extends Error implements ApiErrorShape {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: FieldError[],
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON(): ApiErrorShape {
    return this.fields?.length
      ? { code: this.code, message: this.message, fields: this.fields }
      : { code: this.code, message: this.message };
  }
}

export function isApiErrorShape(value: unknown): value is ApiErrorShape {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ApiErrorShape).code === 'string' &&
    typeof (value as ApiErrorShape).message === 'string'
  );
}

/**
 * A validation error about one field, for the rules a schema cannot check (a duplicate ID in
 * the database, a date before the problem's registration): the clerk reads `message` at the
 * top and `fieldMessage` (or `message`) under the field at `path`.
 */
export function fieldError(
  path: (string | number)[],
  message: string,
  fieldMessage: string = message,
): AppError {
  return new AppError('VALIDATION', message, [{ path, message: fieldMessage }]);
}
