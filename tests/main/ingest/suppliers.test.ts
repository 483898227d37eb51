/**
 * Supplier records in a real vault (main/ingest/suppliers.ts): a document's clues are kept as blind-index
 * keys in the supplier's profile, read back for matching, and a later bad scan that lost the name and the
 * identifiers is filed under the same supplier; a different supplier with a near name is not.
 */
import { describe, expect, it } from "vitest";
import type { InvoiceFields } from "../../../shared/invoice.js";
import { sellerEvidence } from "../../../main/classify/evidence.js";
import { learnCorrection, matchSupplier, parseSupplierProfile } from "../../../main/classify/index.js";
import { evidenceKeyOf, knownSupplierOf, resolveSupplier } from "../../../main/ingest/suppliers.js";
import { blindIndex } from "../../../main/crypto/blind-index.js";
import { listSuppliers, updateSupplierProfile } from "../../../main/vault/queries/suppliers.js";
import { PASSWORDS } from "../../helpers/cli.js";
import { makeVault, unlock } from "../../helpers/vault.js";
import { doc } from "../classify/pages.js";

const NO_FIELDS: InvoiceFields = {
  invoiceNumber: null, issueDate: null, dueDate: null, currency: null, totalNet: null, totalTax: null, totalGross: null,
  sellerName: null, sellerVat: null, sellerSiret: null, iban: null, bic: null,
};

const FIRST_INVOICE = ["# Sophie Dubois Menuiserie", "6 route de Chartres, 28000 Chartres", "Phone: +33 (0)5 31 85 20 51", "contact@dubois-menuiserie.fr"];
const BAD_SCAN = ["sr porta Menuiserie", "‘* Phone: +33 (0)S 31 85 20 51", "VAT ID: FR 44 7"];

describe("resolveSupplier with the document's clues", () => {
  it("completes a matched supplier's missing identifiers, and writes nothing when the document brings nothing new", async () => {
    const { dir } = await makeVault();
    const session = await unlock(dir, "claire", PASSWORDS.clerk);
    try {
      const fields = { ...NO_FIELDS, sellerName: "Sophie Dubois Menuiserie", sellerVat: "FR44732829320" };
      const created = resolveSupplier(session, fields, null);
      expect(created?.ibanIndex).toBeNull();
      const changes = () => (session.db.prepare("SELECT total_changes() AS n").get() as { n: number }).n;
      const before = changes();
      // The same fields again, no clues: the row is left as it is (no write, no commit).
      expect(resolveSupplier(session, fields, created?.id ?? null)).toEqual(created);
      expect(changes()).toBe(before);
      // The IBAN is new: it is added, the VAT index kept.
      const completed = resolveSupplier(session, { ...fields, iban: "FR7630006000011234567890189" }, created?.id ?? null);
      expect(completed?.ibanIndex).toBe(blindIndex(session.keys.indexKey, "iban", "FR7630006000011234567890189"));
      expect(completed?.vatIndex).toBe(created?.vatIndex);
      expect(listSuppliers(session.db)[0]?.ibanIndex).toBe(completed?.ibanIndex);
    } finally {
      session.lock();
    }
  });

  it("keeps the clues as blind-index keys, and recognises the supplier on a bad scan from them", async () => {
    const { dir } = await makeVault();
    const session = await unlock(dir, "claire", PASSWORDS.clerk);
    try {
      const keyOf = (kind: "vat" | "siret" | "iban", value: string) => blindIndex(session.keys.indexKey, kind, value);
      const created = resolveSupplier(session, { ...NO_FIELDS, sellerName: "Sophie Dubois Menuiserie", sellerVat: "FR44732829320" }, null, sellerEvidence(doc(FIRST_INVOICE)));
      expect(created).not.toBeNull();
      const stored = listSuppliers(session.db);
      expect(stored).toHaveLength(1);
      // Nothing of the clues in clear in the profile.
      const profileText = stored[0]?.profile ?? "";
      for (const clear of ["531852051", "dubois-menuiserie", "28000", "732829320"]) expect(profileText).not.toContain(clear);
      const known = stored.map(knownSupplierOf);
      expect(known[0]?.evidenceKeys?.length).toBe(5);

      const evidence = sellerEvidence(doc(BAD_SCAN, { source: "ocr" }));
      const scan = { ...NO_FIELDS, sellerName: "sr porta Menuiserie" };
      expect(matchSupplier(scan, known, keyOf)).toBeNull();
      const match = matchSupplier(scan, known, keyOf, { evidence, keyOf: evidenceKeyOf(session) });
      expect(match).toEqual({ id: created?.id, by: "evidence" });

      // Filed under it: the supplier stays one, its profile still valid, a correction keeps the clues.
      resolveSupplier(session, scan, match?.id ?? null, evidence);
      const [row] = listSuppliers(session.db);
      const parsed = parseSupplierProfile(JSON.parse(row?.profile ?? "{}") as unknown);
      expect(parsed.ok).toBe(true);
      if (!parsed.ok || !row) throw new Error("profile");
      const corrected = learnCorrection(parsed.profile, doc(FIRST_INVOICE), "sellerName", "Sophie Dubois Menuiserie");
      updateSupplierProfile(session.db, row.id, JSON.stringify(corrected));
      expect(knownSupplierOf(listSuppliers(session.db)[0] ?? row).evidenceKeys).toEqual(parsed.profile.evidence);

      // Another joiner, near in name, with its own valid VAT number: a new supplier.
      const other = { ...NO_FIELDS, sellerName: "Sophie Dubois Menuiseries", sellerVat: "FR40303265045" };
      expect(matchSupplier(other, listSuppliers(session.db).map(knownSupplierOf), keyOf, { evidence: sellerEvidence(doc(["# Sophie Dubois Menuiseries", "Tél. 02 40 11 22 33"])), keyOf: evidenceKeyOf(session) })).toBeNull();
    } finally {
      session.lock();
    }
  });
});
