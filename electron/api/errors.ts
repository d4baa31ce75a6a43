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
  | 'INTERNAL';

export interface ApiErrorShape {
  code: ErrorCode;
  /** Shown to the clerk as is. */
  message: string;
}

export type Envelope<T> = { ok: true; result: T } | { ok: false; error: ApiErrorShape };

/** Thrown by services; its message is already the Chinese sentence the UI shows. */
export class AppError extends Error implements ApiErrorShape {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON(): ApiErrorShape {
    return { code: this.code, message: this.message };
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
