import type { DocType, ExtractionSource, FieldWarning, InvoiceFields } from "../../shared/invoice.js";

/**
 * The data that flows through the ingest pipeline:
 *   intake -> pdf / ocr (PageText[]) -> classify (Classification) -> detect -> protect -> store.
 * Coordinates are in page points (PDF) or pixels (images), origin top-left, y growing downwards.
 */
export interface Word {
  text: string;
  /** [x0, y0, x1, y1] */
  bbox: [number, number, number, number];
  /** 0..100; 100 for a PDF text layer. */
  confidence: number;
}

export interface PageText {
  /** 1-based */
  page: number;
  width: number;
  height: number;
  words: Word[];
  /** The page's text in reading order, lines separated by "\n". */
  text: string;
  source: Exclude<ExtractionSource, "facturx">;
}

/** Fields read from an embedded Factur-X / ZUGFeRD / XRechnung CII XML, taken exactly. */
export interface EInvoiceData {
  profile: string | null;
  flavour: "cii-1.0" | "cii-2.x";
  docType: DocType;
  fields: InvoiceFields;
  sellerEmail: string | null;
  sellerPhone: string | null;
}

export interface Classification {
  docType: DocType;
  fields: InvoiceFields;
  warnings: FieldWarning[];
  /** 0..1, how sure the classifier is of the document type. */
  typeConfidence: number;
}
