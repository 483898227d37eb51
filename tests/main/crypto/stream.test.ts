import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { flipByte } from "../../helpers/bytes.js";
import { BLOB_HEADER_LENGTH, createDecryptStream, createEncryptStream } from "../../../main/crypto/stream.js";
import { SecretBytes } from "../../../main/crypto/secret.js";
import { REPO_ROOT } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";

const CHUNK = 1024;
const SEALED_CHUNK = CHUNK + 16;

async function collect(source: Buffer, transform: NodeJS.ReadWriteStream, pieceSize = 777): Promise<Buffer> {
  const parts: Buffer[] = [];
  const pieces: Buffer[] = [];
  for (let offset = 0; offset < source.length; offset += pieceSize) pieces.push(source.subarray(offset, offset + pieceSize));
  await pipeline(
    Readable.from(pieces),
    transform,
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        parts.push(chunk);
        callback();
      },
    }),
  );
  return Buffer.concat(parts);
}

const encrypt = (key: SecretBytes, plain: Buffer) => collect(plain, createEncryptStream(key, CHUNK));
const decrypt = (key: SecretBytes, sealed: Buffer) => collect(sealed, createDecryptStream(key));

describe("chunked file encryption", () => {
  const key = SecretBytes.random(32);

  it("round-trips empty, partial, exact-multiple and multi-chunk files", async () => {
    for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 5 * CHUNK, 5 * CHUNK + 17]) {
      const plain = randomBytes(size);
      const sealed = await encrypt(key, plain);
      expect(sealed.length).toBe(BLOB_HEADER_LENGTH + Math.max(1, Math.ceil(size / CHUNK)) * 16 + size);
      expect((await decrypt(key, sealed)).equals(plain)).toBe(true);
    }
  });

  it("refuses the wrong key", async () => {
    const sealed = await encrypt(key, randomBytes(3000));
    await expect(decrypt(SecretBytes.random(32), sealed)).rejects.toThrow(/altered|truncated/);
  });

  it("detects truncation at a chunk boundary, inside a chunk, and inside the header", async () => {
    const sealed = await encrypt(key, randomBytes(4 * CHUNK + 100));
    await expect(decrypt(key, sealed.subarray(0, BLOB_HEADER_LENGTH + 2 * SEALED_CHUNK))).rejects.toThrow(/truncated|altered/);
    await expect(decrypt(key, sealed.subarray(0, sealed.length - 5))).rejects.toThrow(/truncated|altered/);
    await expect(decrypt(key, sealed.subarray(0, 10))).rejects.toThrow(/truncated/);
  });

  it("detects reordered chunks, an altered byte, an altered header and appended data", async () => {
    const plain = randomBytes(4 * CHUNK + 100);
    const sealed = await encrypt(key, plain);
    const chunkAt = (index: number) => sealed.subarray(BLOB_HEADER_LENGTH + index * SEALED_CHUNK, BLOB_HEADER_LENGTH + (index + 1) * SEALED_CHUNK);
    const swapped = Buffer.concat([sealed.subarray(0, BLOB_HEADER_LENGTH), chunkAt(1), chunkAt(0), sealed.subarray(BLOB_HEADER_LENGTH + 2 * SEALED_CHUNK)]);
    await expect(decrypt(key, swapped)).rejects.toThrow(/altered or reordered/);

    const flipped = Buffer.from(sealed);
    flipByte(flipped, BLOB_HEADER_LENGTH + 3 * SEALED_CHUNK + 5, 0x01);
    await expect(decrypt(key, flipped)).rejects.toThrow(/altered/);

    const header = Buffer.from(sealed);
    flipByte(header, BLOB_HEADER_LENGTH - 1, 0x01); // nonce prefix
    await expect(decrypt(key, header)).rejects.toThrow(/altered/);

    const appended = Buffer.concat([sealed, chunkAt(0)]);
    await expect(decrypt(key, appended)).rejects.toThrow(/altered|truncated/);

    const dropped = Buffer.concat([sealed.subarray(0, BLOB_HEADER_LENGTH), chunkAt(0), chunkAt(2), sealed.subarray(BLOB_HEADER_LENGTH + 3 * SEALED_CHUNK)]);
    await expect(decrypt(key, dropped)).rejects.toThrow(/altered|reordered/);
  });

  it("round-trips a 50 MB file through disk in bounded memory (separate process)", () => {
    const dir = tempDir();
    const roundTrip = (megabytes: number) => {
      const script = `
        import { createEncryptStream, createDecryptStream } from ${JSON.stringify(join(REPO_ROOT, "dist/main/crypto/stream.js"))};
        import { SecretBytes } from ${JSON.stringify(join(REPO_ROOT, "dist/main/crypto/secret.js"))};
        import { createHash, randomBytes } from "node:crypto";
        import { createReadStream, createWriteStream, statSync } from "node:fs";
        import { Readable, Writable } from "node:stream";
        import { pipeline } from "node:stream/promises";
        const baseline = process.resourceUsage().maxRSS;
        const key = SecretBytes.random(32);
        const plainHash = createHash("sha256");
        async function* source() {
          for (let i = 0; i < ${megabytes} * 16; i += 1) { if (i % 80 === 0) globalThis.gc(); const part = randomBytes(64 * 1024); plainHash.update(part); yield part; }
        }
        const file = ${JSON.stringify(join(dir, "blob.enc"))};
        await pipeline(Readable.from(source()), createEncryptStream(key), createWriteStream(file));
        const outHash = createHash("sha256"); let n = 0;
        await pipeline(createReadStream(file), createDecryptStream(key),
          new Writable({ write(c, _e, cb) { outHash.update(c); if (++n % 80 === 0) globalThis.gc(); cb(); } }));
        console.log(JSON.stringify({ same: plainHash.digest("hex") === outHash.digest("hex"), size: statSync(file).size,
          growthKiB: process.resourceUsage().maxRSS - baseline }));
      `;
      const result = spawnSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], { encoding: "utf8" });
      expect(result.stderr).toBe("");
      return JSON.parse(result.stdout) as { same: boolean; size: number; growthKiB: number };
    };
    const small = roundTrip(10);
    const large = roundTrip(50);
    expect(small.same).toBe(true);
    expect(large.same).toBe(true);
    expect(large.size).toBeGreaterThan(50 * 1024 * 1024);
    // Holding 50 MB of plaintext and its ciphertext would need > 100 MB; the stream's peak stays under the
    // file's size, and five times the data costs (almost) no more memory than one time.
    expect(large.growthKiB).toBeLessThan(48 * 1024);
    expect(large.growthKiB - small.growthKiB).toBeLessThan(8 * 1024);
  });
});
