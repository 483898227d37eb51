import { inspect } from "node:util";
import { randomFillSync } from "node:crypto";

const REDACTED = "[secret]";

/**
 * Key material that must never be printed and can be wiped.
 * `toString`, `toJSON` and `util.inspect` all print `[secret]`.
 */
export class SecretBytes {
  #bytes: Buffer;
  #wiped = false;

  constructor(bytes: Buffer) {
    // Own copy outside Node's shared allocation pool, so wiping cannot touch anything else.
    this.#bytes = Buffer.alloc(bytes.length);
    bytes.copy(this.#bytes);
  }

  static random(length: number): SecretBytes {
    const bytes = Buffer.alloc(length);
    randomFillSync(bytes);
    const secret = new SecretBytes(bytes);
    bytes.fill(0);
    return secret;
  }

  /** Takes ownership of `bytes` (no copy); the caller must not keep using the buffer. */
  static adopt(bytes: Buffer): SecretBytes {
    const secret = new SecretBytes(bytes);
    bytes.fill(0);
    return secret;
  }

  get length(): number {
    return this.#bytes.length;
  }

  get wiped(): boolean {
    return this.#wiped;
  }

  /** The raw bytes. Throws once wiped so a locked session cannot be used by mistake. */
  expose(): Buffer {
    if (this.#wiped) throw new Error("secret used after it was wiped");
    return this.#bytes;
  }

  /** For tests and audits of wiping: a view on the underlying memory, even after wipe. */
  unsafeView(): Buffer {
    return this.#bytes;
  }

  wipe(): void {
    this.#bytes.fill(0);
    this.#wiped = true;
  }

  equals(other: SecretBytes): boolean {
    return this.expose().equals(other.expose());
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

/** A password held as normalised UTF-8 bytes. Strings cannot be wiped; bytes can. */
export class Password extends SecretBytes {
  static fromString(text: string): Password {
    const bytes = Buffer.from(text.normalize("NFKC"), "utf8");
    const password = new Password(bytes);
    bytes.fill(0);
    return password;
  }
}
