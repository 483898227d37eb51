import { join } from "node:path";
import * as OTPAuth from "otpauth";
import { describe, expect, it } from "vitest";
import { cli, PASSWORDS } from "../../helpers/cli.js";
import { tempDir } from "../../helpers/tmp.js";

describe("MFA through the CLI, required for admins by default", () => {
  it("makes the admin enrol (otpauth URI), then asks for a code at each login; recovery codes work once", async () => {
    const dir = join(tempDir(), "vault");
    const env = { COFFRE_PASSWORD: PASSWORDS.admin };
    expect((await cli(["init", "--vault", dir, "--admin", "alice"], env)).code).toBe(0);
    const base = ["--vault", dir, "--as", "alice"];

    const early = await cli(["users", "list", ...base], env);
    expect(early.code).toBe(1);
    expect(early.stderr).toBe("coffre: set up two-factor authentication first (coffre mfa enroll)");

    const enrol = await cli(["mfa", "enroll", ...base, "--json"], env);
    expect(enrol.code).toBe(0);
    const { uri, secret } = JSON.parse(enrol.stdout) as { uri: string; secret: string };
    expect(uri).toMatch(/^otpauth:\/\/totp\/Coffre:alice\?/);
    const totp = OTPAuth.URI.parse(uri) as OTPAuth.TOTP;
    expect(totp.secret.base32).toBe(secret);
    const text = await cli(["mfa", "enroll", ...base], env);
    expect(text.stdout).toMatch(/Scan this with an authenticator app/);
    expect(text.stdout).toContain("▄"); // a QR code drawn in the terminal

    // the second enrolment replaced the first: confirm with the newest secret
    const newest = (/Key: ([A-Z2-7]+)/.exec(text.stdout) ?? [])[1] ?? "";
    const phone = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(newest), digits: 6, period: 30 });
    const confirm = await cli(["mfa", "confirm", ...base, "--json"], { ...env, COFFRE_TOTP: phone.generate() });
    expect(confirm.code).toBe(0);
    const { recoveryCodes } = JSON.parse(confirm.stdout) as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);

    const noCode = await cli(["users", "list", ...base], env);
    expect(noCode.stderr).toBe("coffre: this account needs its 6-digit authentication code (COFFRE_TOTP or the prompt)");
    // the current step was spent by the confirmation; the next step's code is within the ±1 window
    const next = phone.generate({ timestamp: Date.now() + 30_000 });
    expect((await cli(["users", "list", ...base], { ...env, COFFRE_TOTP: next })).code).toBe(0);
    expect((await cli(["users", "list", ...base], { ...env, COFFRE_TOTP: next })).stderr).toMatch(/already used/);
    const recovery = recoveryCodes[0] ?? "";
    expect((await cli(["users", "list", ...base], { ...env, COFFRE_TOTP: recovery })).code).toBe(0);
    expect((await cli(["users", "list", ...base], { ...env, COFFRE_TOTP: recovery })).stderr).toMatch(/wrong authentication code or recovery code/);
    for (const output of [enrol, confirm]) expect(output.stderr).toBe("");
  });
});
