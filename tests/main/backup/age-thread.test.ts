import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { closeSync, openSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { decryptAge, encryptAgeToFd } from "../../../main/backup/age-stream.js";
import { workerScriptUrl } from "../../../main/worker-url.js";
import { tempDir } from "../../helpers/tmp.js";
import { AGE, ageIdentity } from "./fixtures.js";

/** The compiled worker, as main/backup/create.ts finds it (dist/, built by `npm run build`). */
const WORKER = workerScriptUrl("./age-encrypt-worker.js", new URL("../../../main/backup/create.ts", import.meta.url).href);
const CHUNK = 64 * 1024;

/** Pieces as the backup hands them over: whole blocks owning their buffer (transferred) and slices of a shared one (copied). */
function pieces(bytes: Buffer, sizes: number[]): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  sizes.forEach((size, index) => {
    const part = bytes.subarray(at, Math.min(bytes.length, at + size));
    at += part.length;
    if (index % 2 === 0) {
      const own = Buffer.allocUnsafeSlow(part.length);
      part.copy(own);
      out.push(own);
    } else out.push(part);
  });
  if (at < bytes.length) out.push(bytes.subarray(at));
  return out;
}

async function collect(source: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of source) parts.push(part);
  return Buffer.concat(parts);
}

describe("the age payload sealed on its own thread", () => {
  it("writes exactly what decryptAge and stock age read back, for every awkward size and split", async () => {
    const { file: identityFile, identity, recipient } = await ageIdentity();
    const dir = tempDir();
    const cases: [number, number[]][] = [
      [0, []],
      [1, [1]],
      [CHUNK - 1, [CHUNK - 1]],
      [CHUNK, [CHUNK]],
      [CHUNK + 1, [CHUNK, 1]],
      [3 * CHUNK, [CHUNK, CHUNK, CHUNK]],
      [3 * CHUNK, [512, 3 * CHUNK - 512]],
      [(1 << 20) + 7, [1 << 20, 7]],
      [5 * (1 << 20) + 100, [512, 1 << 20, 10, 1 << 20, 1 << 20, 3 * CHUNK, 1 << 20]],
    ];
    for (const [size, split] of cases) {
      const plain = randomBytes(size);
      const out = join(dir, `${size}-${split.length}.age`);
      const fd = openSync(out, "wx", 0o600);
      try {
        await encryptAgeToFd(Readable.from(pieces(plain, split)), { kind: "recipients", recipients: [recipient] }, fd, WORKER);
      } finally {
        closeSync(fd);
      }
      const back = await collect(decryptAge(Readable.from([readFileSync(out)]), { kind: "identities", identities: [identity] }));
      expect(back.equals(plain), `size ${size}, split ${split.join("+")}`).toBe(true);
      if (size === (1 << 20) + 7 || size === CHUNK) {
        expect(execFileSync(AGE, ["-d", "-i", identityFile, out], { maxBuffer: 64 << 20 }).equals(plain)).toBe(true);
      }
    }
  });
});
