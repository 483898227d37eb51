/**
 * Error codes shared by every boundary (CLI exit lines, IPC typed errors).
 * Messages are plain sentences; they never carry a secret, a sensitive value or a stack trace.
 */
export const ERROR_CODES = [
  "BAD_INPUT",
  "WRONG_PASSWORD",
  "WRONG_RECOVERY_KEY",
  "NO_SUCH_USER",
  "USER_DISABLED",
  "USER_EXISTS",
  "FORBIDDEN",
  "PASSWORD_REJECTED",
  "VAULT_EXISTS",
  "VAULT_NOT_FOUND",
  "KEYSLOTS_CORRUPT",
  "KEYSLOT_TAMPERED",
  "KEYSLOT_WEAK_PARAMS",
  "KEYSLOT_ROLLED_BACK",
  "DATABASE_CORRUPT",
  "DATABASE_WRONG_KEY",
  "SCHEMA_TOO_NEW",
  "CRYPTO_AUTH_FAILED",
  "CRYPTO_TRUNCATED",
  "NO_SECRET",
  "LOCKED",
  "TOO_MANY_ATTEMPTS",
  "ACCOUNT_LOCKED",
  "MFA_REQUIRED",
  "WRONG_TOTP",
  "MFA_NOT_ENROLLED",
  "PASSWORD_CHANGE_REQUIRED",
  "SESSION_REVOKED",
  "BACKUP_CORRUPT",
  "BACKUP_WRONG_KEY",
  "INTERNAL",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];
