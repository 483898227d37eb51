import type { TFunction } from "i18next";
import type { IpcError } from "./bridge.js";

/**
 * An error as a sentence a clerk understands, in the current language. `context` gives sentences that fit a
 * screen better (e.g. at login, WRONG_PASSWORD and NO_SUCH_USER say the same thing, so names cannot be probed).
 */
export function errorSentence(t: TFunction, error: IpcError, context?: Partial<Record<IpcError["code"], string>>): string {
  const key = context?.[error.code] ?? `errors.${error.code}`;
  return t(key);
}
