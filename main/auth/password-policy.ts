import { CoffreError } from "../errors.js";

/**
 * NIST SP 800-63B-4 style: length, not composition. At least 12 characters, up to 256, any Unicode
 * (NFKC-normalised before use), refused when it contains the user name.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export function checkPasswordPolicy(password: string, userName: string): void {
  const normalised = password.normalize("NFKC");
  const length = [...normalised].length;
  if (length < PASSWORD_MIN_LENGTH) {
    throw new CoffreError("PASSWORD_REJECTED", `password refused: it needs at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  if (length > PASSWORD_MAX_LENGTH) {
    throw new CoffreError("PASSWORD_REJECTED", `password refused: it may have at most ${PASSWORD_MAX_LENGTH} characters`);
  }
  const name = userName.normalize("NFKC").toLowerCase();
  if (name.length >= 3 && normalised.toLowerCase().includes(name)) {
    throw new CoffreError("PASSWORD_REJECTED", "password refused: it contains the user name");
  }
}

const USER_NAME = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u;

export function checkUserName(name: string): void {
  if (!USER_NAME.test(name)) {
    throw new CoffreError("BAD_INPUT", "user name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
  }
}
