import { createCipheriv, createDecipheriv, hkdfSync, randomBytes, scrypt } from "node:crypto";
import { Decrypter, Encrypter, Stanza, type Identity, type Recipient } from "age-encryption";
import { CoffreError } from "../errors.js";

/**
 * The age v1 header (https://age-encryption.org/v1), built and authenticated by the `age-encryption`
 * library: recipient stanzas, header MAC. Two things are done natively (node:crypto, OpenSSL) because the
 * library's pure-JS primitives are several times slower: the scrypt stanza (age's spec: scrypt with the
 * label "age-encryption.org/v1/scrypt" + 16-byte salt, N = 2^logN, r = 8, p = 1, then ChaCha20-Poly1305 of
 * the file key under a zero nonce), plugged in through the library's public Recipient/Identity interfaces,
 * and the payload STREAM (age-stream.ts). Interoperability with the reference `age` CLI is tested both ways.
 */
export type BackupEncryption = { kind: "passphrase"; passphrase: string } | { kind: "recipients"; recipients: string[] };
export type BackupKey = { kind: "passphrase"; passphrase: string } | { kind: "identities"; identities: string[] };

const SCRYPT_LABEL = "age-encryption.org/v1/scrypt";
/** age's default work factor (256 MiB of memory for a moment, about a second). */
export const SCRYPT_LOG_N = 18;
/** The library's ceiling; a hostile file cannot ask for more than 1 GiB. */
const MAX_SCRYPT_LOG_N = 20;
const FILE_KEY_LENGTH = 16;
const X25519_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;
const X25519_IDENTITY = /^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/;
/** Enough for hundreds of recipients; a longer "header" is not an age file we wrote. */
const MAX_HEADER = 1 << 20;

function scryptKey(passphrase: string, salt: Buffer, logN: number): Promise<Buffer> {
  const N = 2 ** logN;
  return new Promise((resolve, reject) => {
    scrypt(passphrase, Buffer.concat([Buffer.from(SCRYPT_LABEL), salt]), 32, { N, r: 8, p: 1, maxmem: 130 * N * 8 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

function sealFileKey(key: Buffer, fileKey: Uint8Array): Buffer {
  const cipher = createCipheriv("chacha20-poly1305", key, Buffer.alloc(12), { authTagLength: 16 });
  return Buffer.concat([cipher.update(fileKey), cipher.final(), cipher.getAuthTag()]);
}

function openFileKey(key: Buffer, body: Uint8Array): Uint8Array | null {
  if (body.length !== FILE_KEY_LENGTH + 16) return null;
  const decipher = createDecipheriv("chacha20-poly1305", key, Buffer.alloc(12), { authTagLength: 16 });
  decipher.setAuthTag(body.subarray(FILE_KEY_LENGTH));
  try {
    return Buffer.concat([decipher.update(body.subarray(0, FILE_KEY_LENGTH)), decipher.final()]);
  } catch {
    return null;
  }
}

const base64NoPad = (bytes: Buffer): string => bytes.toString("base64").replace(/=+$/, "");

/** Wraps the file key to a passphrase (the only stanza of the header, as age requires), and keeps it. */
class ScryptRecipient implements Recipient {
  fileKey: Buffer | null = null;
  constructor(private readonly passphrase: string) {}

  async wrapFileKey(fileKey: Uint8Array): Promise<Stanza[]> {
    this.fileKey = Buffer.from(fileKey);
    const salt = randomBytes(16);
    const key = await scryptKey(this.passphrase, salt, SCRYPT_LOG_N);
    try {
      return [new Stanza(["scrypt", base64NoPad(salt), String(SCRYPT_LOG_N)], sealFileKey(key, fileKey))];
    } finally {
      key.fill(0);
    }
  }
}

/** Adds no stanza: it only keeps the file key the library drew, so the payload can be streamed natively. */
class FileKeyCapture implements Recipient {
  fileKey: Buffer | null = null;
  wrapFileKey(fileKey: Uint8Array): Stanza[] {
    this.fileKey = Buffer.from(fileKey);
    return [];
  }
}

/** Opens a scrypt stanza with the native scrypt; returns null (not a throw) for a wrong passphrase. */
class ScryptIdentity implements Identity {
  constructor(private readonly passphrase: string) {}

  async unwrapFileKey(stanzas: Stanza[]): Promise<Uint8Array | null> {
    const stanza = stanzas.find((candidate) => candidate.args[0] === "scrypt");
    if (!stanza) return null;
    if (stanzas.length !== 1) throw new Error("a scrypt stanza must be the only one");
    const [, saltText, logNText] = stanza.args;
    const salt = Buffer.from(saltText ?? "", "base64");
    if (stanza.args.length !== 3 || salt.length !== 16 || !/^[1-9][0-9]?$/.test(logNText ?? "")) throw new Error("invalid scrypt stanza");
    const logN = Number(logNText);
    if (logN > MAX_SCRYPT_LOG_N) throw new Error("scrypt work factor too high");
    const key = await scryptKey(this.passphrase, salt, logN);
    try {
      return openFileKey(key, stanza.body);
    } finally {
      key.fill(0);
    }
  }
}

export function checkRecipient(recipient: string): string {
  if (!X25519_RECIPIENT.test(recipient)) throw new CoffreError("BAD_INPUT", "a --recipient must be an X25519 age recipient (age1... , 62 characters)");
  return recipient;
}

/** The X25519 identities (AGE-SECRET-KEY-1...) of an age identity file; comments and blank lines skipped. */
export function parseIdentityFile(text: string): string[] {
  const identities = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  if (identities.length === 0 || !identities.every((line) => X25519_IDENTITY.test(line))) {
    throw new CoffreError("BAD_INPUT", "the identity file must hold X25519 age identities (AGE-SECRET-KEY-1...)");
  }
  return identities;
}

/** The payload key: HKDF-SHA256(file key, salt = nonce, info = "payload"). */
export function payloadKey(fileKey: Buffer, nonce: Buffer): Buffer {
  return Buffer.from(hkdfSync("sha256", fileKey, nonce, "payload", 32));
}

/** A fresh header for the given passphrase or recipients, and the file key it wraps. */
export async function newAgeHeader(encryption: BackupEncryption): Promise<{ header: Buffer; fileKey: Buffer }> {
  const encrypter = new Encrypter();
  let keeper: ScryptRecipient | FileKeyCapture;
  if (encryption.kind === "passphrase") {
    keeper = new ScryptRecipient(encryption.passphrase);
    encrypter.addRecipient(keeper);
  } else {
    if (encryption.recipients.length === 0) throw new CoffreError("BAD_INPUT", "at least one recipient is needed");
    keeper = new FileKeyCapture();
    encrypter.addRecipient(keeper);
    for (const recipient of encryption.recipients) encrypter.addRecipient(checkRecipient(recipient));
  }
  // An empty file is header | nonce (16) | one empty final chunk (16): keep the header only.
  const empty = Buffer.from(await encrypter.encrypt(new Uint8Array(0)));
  const header = empty.subarray(0, empty.length - 32);
  if (!keeper.fileKey || header[header.length - 1] !== 0x0a) throw new Error("unexpected age header layout");
  return { header: Buffer.from(header), fileKey: keeper.fileKey };
}

/** The length of the header at the start of `bytes`, or null when more bytes are needed. */
export function headerLength(bytes: Buffer): number | null {
  const magic = Buffer.from("age-encryption.org/v1\n");
  if (!bytes.subarray(0, magic.length).equals(magic.subarray(0, Math.min(magic.length, bytes.length)))) {
    throw new CoffreError("BACKUP_CORRUPT", "not a Coffre backup: the file is not in the age format");
  }
  const macLine = bytes.indexOf("\n--- ");
  const end = macLine < 0 ? -1 : bytes.indexOf(0x0a, macLine + 1);
  if (end >= 0) return end + 1;
  if (bytes.length > MAX_HEADER) throw new CoffreError("BACKUP_CORRUPT", "not a Coffre backup: its age header is malformed");
  return null;
}

/** Authenticates the header with the given passphrase or identities and returns the file key. */
export async function openAgeHeader(header: Buffer, key: BackupKey): Promise<Buffer> {
  const decrypter = new Decrypter();
  if (key.kind === "passphrase") decrypter.addIdentity(new ScryptIdentity(key.passphrase));
  else for (const identity of key.identities) decrypter.addIdentity(identity);
  try {
    return Buffer.from(await decrypter.decryptHeader(header));
  } catch (error) {
    const message = error instanceof Error ? error.message : "";
    if (message.includes("no identity matched")) {
      const what = key.kind === "passphrase" ? "passphrase" : "identity";
      throw new CoffreError("BACKUP_WRONG_KEY", `wrong backup ${what}: it does not open this backup (or the backup's header is damaged)`);
    }
    if (message.includes("HMAC")) throw new CoffreError("BACKUP_CORRUPT", "the backup's header was altered or damaged (its MAC does not match)");
    throw new CoffreError("BACKUP_CORRUPT", "not a Coffre backup: its age header is malformed", { cause: error });
  }
}
