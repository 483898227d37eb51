import { CoffreError } from "../errors.js";
import { SecretBytes } from "./secret.js";

/**
 * The vault's symmetric keys, all random and independent:
 * - dek: the SQLCipher raw key of the database;
 * - indexKey: HMAC key of the blind index;
 * - auditKey: HMAC key of the audit chain.
 */
export class VaultKeys {
  constructor(
    readonly dek: SecretBytes,
    readonly indexKey: SecretBytes,
    readonly auditKey: SecretBytes,
  ) {}

  static generate(): VaultKeys {
    return new VaultKeys(SecretBytes.random(32), SecretBytes.random(32), SecretBytes.random(32));
  }

  static readonly SERIALISED_LENGTH = 1 + 3 * 32;

  serialise(): Buffer {
    return Buffer.concat([Buffer.of(1), this.dek.expose(), this.indexKey.expose(), this.auditKey.expose()]);
  }

  static deserialise(bytes: Buffer): VaultKeys {
    if (bytes.length !== VaultKeys.SERIALISED_LENGTH || bytes[0] !== 1) {
      throw new CoffreError("KEYSLOTS_CORRUPT", "keyslot payload has an unknown layout");
    }
    return new VaultKeys(
      new SecretBytes(bytes.subarray(1, 33)),
      new SecretBytes(bytes.subarray(33, 65)),
      new SecretBytes(bytes.subarray(65, 97)),
    );
  }

  clone(): VaultKeys {
    return VaultKeys.deserialise(this.serialise());
  }

  wipe(): void {
    this.dek.wipe();
    this.indexKey.wipe();
    this.auditKey.wipe();
  }
}
