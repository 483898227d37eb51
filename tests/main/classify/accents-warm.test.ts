import { describe, expect, it, vi } from "vitest";
import type * as AccentsModule from "../../../main/classify/accents.js";

type Accents = typeof AccentsModule;

/** A fresh copy of the module: its lexicon not loaded yet. */
async function freshAccents(): Promise<Accents> {
  vi.resetModules();
  return import("../../../main/classify/accents.js");
}

/** Counts the turns of the event loop until `until` settles. */
async function turnsDuring(until: Promise<unknown>): Promise<number> {
  let settled = false;
  let turns = 0;
  const tick = (): void => {
    if (settled) return;
    turns += 1;
    setImmediate(tick);
  };
  setImmediate(tick);
  await until.finally(() => {
    settled = true;
  });
  return turns;
}

const NAME = "SOCIETE GENERALE DE PROPRETE ELECTRIQUE";
const RESTORED = "SOCIÉTÉ GÉNÉRALE DE PROPRETÉ ÉLECTRIQUE";

describe("the accents lexicon's warm-up", () => {
  it("loads it in slices, the event loop turning between them, and then restores names as a load in one go does", async () => {
    const accents = await freshAccents();
    const turns = await turnsDuring(accents.warmFrenchLexicon());
    expect(turns).toBeGreaterThan(10);
    expect(accents.restoreAccents(NAME)).toBe(RESTORED);
    // Already loaded: nothing more to do.
    expect(await turnsDuring(accents.warmFrenchLexicon())).toBeLessThanOrEqual(2);
  });

  it("a name needed halfway through the warm-up finishes the job at once, with the same answer", async () => {
    const accents = await freshAccents();
    const warming = accents.warmFrenchLexicon();
    for (let turn = 0; turn < 5; turn += 1) await new Promise<void>((resolve) => setImmediate(resolve));
    expect(accents.restoreAccents(NAME)).toBe(RESTORED);
    await warming;
    expect(accents.restoreAccents("Precision")).toBe("Précision");
  });

  it("without a warm-up, the first name loads it all at once", async () => {
    const accents = await freshAccents();
    expect(accents.restoreAccents(NAME)).toBe(RESTORED);
    expect(accents.isFrenchWord("propreté")).toBe(true);
    expect(accents.isFrenchWord("proprete")).toBe(false);
  });
});
