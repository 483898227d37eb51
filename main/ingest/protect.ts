import type { FieldName } from "../../shared/invoice.js";
import { blindIndex, type BlindIndexKind } from "../crypto/blind-index.js";
import { sealToPublicKey } from "../crypto/sealed-box.js";
import type { VaultKeys } from "../crypto/vault-keys.js";
import { DEFAULT_POLICY, maskValue, placeholderFor, type SensitivePolicy, type SensitiveType } from "../detect/policy.js";
import type { PageRow, SecretRow } from "../vault/queries/documents.js";
import type { SensitiveFinding } from "./findings.js";
import type { PageText } from "./types.js";

/**
 * The protect stage, between extraction and storage: every sensitive finding is either sealed to the
 * sensitive public key (with a blind index for exact search) or dropped (redact); the text layer and the
 * search text get placeholders instead; the boxes to burn into page images are listed.
 */
const INDEXED: Partial<Record<SensitiveType, BlindIndexKind>> = {
  iban: "iban",
  rib: "rib",
  bic: "bic",
  vat: "vat",
  siren: "siren",
  siret: "siret",
  email: "email",
  phone: "phone",
};

export interface ProtectedDocument {
  secrets: SecretRow[];
  pages: PageRow[];
  /** Masked text of every page, for the full-text index. */
  searchText: string;
  /** Boxes to burn into each page's image (page number -> boxes in page coordinates). */
  burn: Map<number, [number, number, number, number][]>;
  /** Masked values of the sensitive invoice fields, for display and `import --json`. */
  maskedFields: Partial<Record<FieldName, string>>;
  /** The `sensitive` array of the `import --json` contract. */
  report: { type: SensitiveType; page: number | null; bbox: [number, number, number, number] | null; confidence: number; action: "encrypt" | "redact"; masked: string }[];
}

export function sealAad(documentId: string, type: string): Buffer {
  return Buffer.from(`coffre/document-secret/v1\0${documentId}\0${type}`);
}

export function protectDocument(args: {
  documentId: string;
  pages: PageText[];
  findings: SensitiveFinding[];
  keys: VaultKeys;
  sensitivePublicKey: Buffer;
  policy?: SensitivePolicy;
}): ProtectedDocument {
  const policy = args.policy ?? DEFAULT_POLICY;
  const hidden = new Map<number, Map<number, SensitiveType>>();
  const burn = new Map<number, [number, number, number, number][]>();
  const secrets: SecretRow[] = [];
  const maskedFields: Partial<Record<FieldName, string>> = {};
  const report: ProtectedDocument["report"] = [];

  for (const finding of args.findings) {
    const action = policy[finding.type];
    if (action === "keep") continue;
    // A redacted value keeps nothing of itself, not even the few characters a mask shows.
    const masked = action === "redact" ? "****" : maskValue(finding.type, finding.value);
    if (finding.page !== null) {
      const words = hidden.get(finding.page) ?? new Map<number, SensitiveType>();
      for (const index of finding.wordIndexes) words.set(index, finding.type);
      hidden.set(finding.page, words);
      if (finding.bbox) burn.set(finding.page, [...(burn.get(finding.page) ?? []), finding.bbox]);
    }
    const kind = INDEXED[finding.type];
    secrets.push({
      field: finding.field,
      type: finding.type,
      page: finding.page,
      bbox: finding.bbox,
      action,
      masked,
      sealed: action === "encrypt" ? sealToPublicKey(args.sensitivePublicKey, Buffer.from(finding.value), sealAad(args.documentId, finding.type)) : null,
      blindIndex: action === "encrypt" && kind ? blindIndex(args.keys.indexKey, kind, finding.normalized) : null,
    });
    if (finding.field) maskedFields[finding.field] = masked;
    report.push({ type: finding.type, page: finding.page, bbox: finding.bbox, confidence: Math.round(finding.confidence * 100) / 100, action, masked });
  }

  const shownWords: { text: string }[][] = [];
  const pages: PageRow[] = args.pages.map((page) => {
    const hiddenWords = hidden.get(page.page) ?? new Map<number, SensitiveType>();
    let previousType: SensitiveType | undefined;
    const words = page.words.flatMap((word, index) => {
      const type = hiddenWords.get(index);
      if (!type) {
        previousType = undefined;
        return [word];
      }
      // One placeholder per run of hidden words of the same type.
      if (previousType === type) return [];
      previousType = type;
      return [{ ...word, text: placeholderFor(type), confidence: 100 }];
    });
    shownWords.push(words);
    const confidences = page.words.map((word) => word.confidence);
    return {
      page: page.page,
      width: page.width,
      height: page.height,
      source: page.source,
      confidence: confidences.length > 0 ? confidences.reduce((sum, value) => sum + value, 0) / confidences.length : null,
      words: JSON.stringify(words),
    };
  });
  // The same words as each page row holds (not parsed back from its JSON).
  const searchText = shownWords.map((words) => words.map((word) => word.text).join(" ")).join("\n");
  return { secrets, pages, searchText, burn, maskedFields, report };
}
