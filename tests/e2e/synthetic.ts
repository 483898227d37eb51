import { randomUUID } from "node:crypto";
import type { VaultSession } from "../../main/auth/session.js";
import { insertDocumentBundle, type DocumentBundle } from "../../main/vault/queries/documents.js";
import { insertSupplier } from "../../main/vault/queries/suppliers.js";
import { Rng } from "../fixtures/generator/prng.js";

/**
 * Synthetic invoices written through the vault's own query functions (as tests/bench/search.ts does), to
 * give the archive list a large encrypted archive. Returns what the UI should then show.
 */
export interface SyntheticArchive {
  count: number;
  maxGross: string;
  minGross: string;
  withWarnings: number;
  creditNotes: number;
}

const WORDS = ["maintenance", "fournitures", "bureau", "transport", "livraison", "prestation", "conseil", "logiciel", "licence", "nettoyage"];
const NAMES = ["Dupont", "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau"];

export function fillArchive(session: VaultSession, count: number, seed = 11): SyntheticArchive {
  const rng = new Rng(seed);
  const owner = session.user?.id;
  if (!owner) throw new Error("an unlocked user session is needed");
  const now = new Date().toISOString();
  const suppliers = Array.from({ length: 100 }, (_, index) => ({ id: randomUUID(), name: `${NAMES[index % NAMES.length]} ${WORDS[Math.floor(index / NAMES.length)]} SAS ${index}` }));
  const db = session.db;
  db.transaction(() => {
    for (const supplier of suppliers) {
      insertSupplier(db, { id: supplier.id, name: supplier.name, nameKey: supplier.name.toLowerCase(), vatIndex: null, siretIndex: null, ibanIndex: null, profile: "{}", createdAt: now });
    }
  })();
  let max = -1;
  let min = Number.POSITIVE_INFINITY;
  let withWarnings = 0;
  let creditNotes = 0;
  const batch = 5_000;
  for (let start = 0; start < count; start += batch) {
    db.transaction(() => {
      for (let index = start; index < Math.min(count, start + batch); index += 1) {
        const supplier = suppliers[rng.int(0, suppliers.length - 1)] ?? suppliers[0];
        if (!supplier) continue;
        const cents = rng.int(1_000, 2_500_000);
        max = Math.max(max, cents);
        min = Math.min(min, cents);
        const warned = rng.float() < 0.08;
        const credit = rng.float() < 0.05;
        if (warned) withWarnings += 1;
        if (credit) creditNotes += 1;
        const issue = new Date(Date.UTC(2019, 0, 1) + rng.int(0, 6 * 365) * 86_400_000).toISOString().slice(0, 10);
        const number = `FA-${issue.slice(0, 4)}-${String(index).padStart(6, "0")}`;
        const gross = (cents / 100).toFixed(2);
        const text = `FACTURE ${number} ${supplier.name} ${issue} ${WORDS[rng.int(0, WORDS.length - 1)]} TOTAL TTC ${gross} EUR IBAN [IBAN]`;
        const bundle: DocumentBundle = {
          document: {
            id: randomUUID(),
            ownerId: owner,
            fileName: `${number}.pdf`,
            contentMac: randomUUID().replace(/-/g, "").repeat(2),
            mediaType: "application/pdf",
            byteSize: 50_000,
            pageCount: 1,
            docType: credit ? "credit-note" : "invoice",
            supplierId: supplier.id,
            source: "text",
            ocrConfidence: null,
            invoiceNumber: number,
            issueDate: issue,
            dueDate: null,
            currency: "EUR",
            totalNet: (cents / 120).toFixed(2),
            totalTax: (cents / 100 - cents / 120).toFixed(2),
            totalGross: gross,
            sellerName: supplier.name,
            warnings: warned ? [{ field: "totals", code: "arithmetic", message: "net + tax does not make the total" }] : [],
            duplicateOf: null,
            legalHold: false,
            importedAt: `${issue}T10:00:00.000Z`,
          },
          secrets: [],
          pages: [{ page: 1, width: 595, height: 842, source: "text", confidence: null, words: "[]" }],
          blobs: [],
          searchText: text,
        };
        insertDocumentBundle(db, bundle);
      }
    })();
  }
  return { count, maxGross: (max / 100).toFixed(2), minGross: (min / 100).toFixed(2), withWarnings, creditNotes };
}
