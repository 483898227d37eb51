import type { ErrorCode } from "../shared/errors.js";

/**
 * An expected failure with a code and a one-line, user-facing message.
 * The message must never contain a secret or a sensitive value.
 */
export class CoffreError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "CoffreError";
    this.code = code;
  }
}

export function isCoffreError(error: unknown): error is CoffreError {
  return error instanceof CoffreError;
}
