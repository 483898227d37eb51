import { readFileSync } from "node:fs";
import { KeyslotsFileSchema, type KeyslotsFile } from "../crypto/keyslots.js";
import { CoffreError } from "../errors.js";
import { writeFileAtomic } from "./atomic-file.js";

/** Reads and validates keyslots.json. Any malformed content is one clear KEYSLOTS_CORRUPT line. */
export function readKeyslots(file: string): KeyslotsFile {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (cause) {
    if ((cause as { code?: string }).code === "ENOENT") {
      throw new CoffreError("VAULT_NOT_FOUND", "no vault here (keyslots.json is missing)", { cause });
    }
    throw cause;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new CoffreError("KEYSLOTS_CORRUPT", "keyslots.json is corrupt: not valid JSON", { cause });
  }
  const parsed = KeyslotsFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join(".") || "top level" : "unknown field";
    throw new CoffreError("KEYSLOTS_CORRUPT", `keyslots.json is corrupt: unexpected content at ${where}`);
  }
  const names = new Set<string>();
  for (const slot of parsed.data.slots) {
    const key = slot.name.toLowerCase();
    if (names.has(key)) throw new CoffreError("KEYSLOTS_CORRUPT", "keyslots.json is corrupt: a user has two slots");
    names.add(key);
  }
  return parsed.data;
}

export function writeKeyslots(file: string, keyslots: KeyslotsFile): void {
  const checked = KeyslotsFileSchema.parse(keyslots);
  writeFileAtomic(file, `${JSON.stringify(checked, null, 2)}\n`);
}

/** Read-modify-write of keyslots.json. */
export function updateKeyslots(file: string, change: (current: KeyslotsFile) => KeyslotsFile): KeyslotsFile {
  const next = change(readKeyslots(file));
  writeKeyslots(file, next);
  return next;
}

