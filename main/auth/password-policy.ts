import { dictionary } from "@zxcvbn-ts/language-common";
import { CoffreError } from "../errors.js";

/**
 * NIST SP 800-63B-4 style: length, not composition. 12 to 256 characters of any Unicode (NFKC-normalised
 * before use); refused when it is a known common password (the ~49,000 of zxcvbn's shipped list), a
 * trivial repetition or sequence, a word of this product, or when it contains the user name.
 */
export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

let common: Set<string> | undefined;
function commonPasswords(): Set<string> {
  common ??= new Set((dictionary["passwords-common"] as string[]).map((entry) => entry.toLowerCase()));
  return common;
}

const CONTEXT_WORDS = ["coffre", "coffrefort", "facture", "factures", "invoice", "invoices"];

function isTrivial(text: string): boolean {
  const chars = [...text];
  if (new Set(chars).size <= 2) return true; // aaaaaaaaaaaa, abababababab
  const codes = chars.map((char) => char.codePointAt(0) ?? 0);
  const steps = new Set(codes.slice(1).map((code, index) => code - (codes[index] ?? 0)));
  return steps.size === 1 && [1, -1].includes([...steps][0] ?? 0); // 123456789012 (almost), abcdefghijkl
}

export function checkPasswordPolicy(password: string, userName: string): void {
  const normalised = password.normalize("NFKC");
  const length = [...normalised].length;
  if (length < PASSWORD_MIN_LENGTH) {
    throw new CoffreError("PASSWORD_REJECTED", `password refused: it needs at least ${PASSWORD_MIN_LENGTH} characters`);
  }
  if (length > PASSWORD_MAX_LENGTH) {
    throw new CoffreError("PASSWORD_REJECTED", `password refused: it may have at most ${PASSWORD_MAX_LENGTH} characters`);
  }
  const lower = normalised.toLowerCase();
  const compact = lower.replace(/[\s\-_.]+/g, "");
  if (commonPasswords().has(lower) || commonPasswords().has(compact)) {
    throw new CoffreError("PASSWORD_REJECTED", "password refused: it is in the list of commonly used passwords");
  }
  if (isTrivial(compact) || CONTEXT_WORDS.some((word) => compact.replace(/\d+$/, "") === word || compact === `${word}${word}`)) {
    throw new CoffreError("PASSWORD_REJECTED", "password refused: it is too easy to guess");
  }
  const name = userName.normalize("NFKC").toLowerCase();
  if (name.length >= 3 && lower.includes(name)) {
    throw new CoffreError("PASSWORD_REJECTED", "password refused: it contains the user name");
  }
}

const USER_NAME = /^[\p{L}\p{N}][\p{L}\p{N}._-]{0,63}$/u;

export function checkUserName(name: string): void {
  if (!USER_NAME.test(name)) {
    throw new CoffreError("BAD_INPUT", "user name must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit");
  }
}
