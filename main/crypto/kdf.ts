import { hashRaw } from "@node-rs/argon2";
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { CoffreError } from "../errors.js";
import { SecretBytes, type Password } from "./secret.js";

/** Argon2id parameters as stored in a keyslot. `m` is in KiB. */
export const Argon2idParamsSchema = z.strictObject({
  alg: z.literal("argon2id"),
  m: z.number().int().positive(),
  t: z.number().int().positive(),
  p: z.number().int().positive(),
  salt: z.string().min(1),
});
export type Argon2idParams = z.infer<typeof Argon2idParamsSchema>;

/** The floor enforced when reading a slot: at least 64 MiB and 3 passes (OWASP / RFC 9106 second choice). */
export const ARGON2_FLOOR = { m: 64 * 1024, t: 3, p: 1 } as const;
/** A ceiling, so a tampered slot cannot make unlocking eat the machine. */
export const ARGON2_CEILING = { m: 4 * 1024 * 1024, t: 64, p: 16 } as const;
export const ARGON2_DEFAULT = { m: 64 * 1024, t: 3, p: 1 } as const;

const ARGON2ID = 2; // Algorithm.Argon2id in @node-rs/argon2 (an ambient const enum)

export function newArgon2idParams(cost: { m: number; t: number; p: number } = ARGON2_DEFAULT): Argon2idParams {
  return { alg: "argon2id", m: cost.m, t: cost.t, p: cost.p, salt: randomBytes(16).toString("base64") };
}

export function checkArgon2idParams(params: Argon2idParams): void {
  const salt = Buffer.from(params.salt, "base64");
  if (params.m < ARGON2_FLOOR.m || params.t < ARGON2_FLOOR.t || params.p < ARGON2_FLOOR.p || salt.length < 16) {
    throw new CoffreError(
      "KEYSLOT_WEAK_PARAMS",
      `keyslot refused: its Argon2id parameters (m=${params.m} KiB, t=${params.t}) are below the floor (m=${ARGON2_FLOOR.m} KiB, t=${ARGON2_FLOOR.t})`,
    );
  }
  if (params.m > ARGON2_CEILING.m || params.t > ARGON2_CEILING.t || params.p > ARGON2_CEILING.p) {
    throw new CoffreError("KEYSLOTS_CORRUPT", "keyslot refused: its Argon2id parameters are implausibly large");
  }
}

/** Derives a 32-byte wrapping key from a password. Runs on libuv's thread pool, off the main thread. */
export async function deriveKeyFromPassword(password: Password, params: Argon2idParams): Promise<SecretBytes> {
  checkArgon2idParams(params);
  const raw = await hashRaw(password.expose(), {
    algorithm: ARGON2ID,
    memoryCost: params.m,
    timeCost: params.t,
    parallelism: params.p,
    outputLen: 32,
    salt: Buffer.from(params.salt, "base64"),
  });
  return SecretBytes.adopt(raw);
}
