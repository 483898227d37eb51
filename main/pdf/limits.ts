/**
 * Caps for untrusted PDFs. A PDF over a cap is refused with `CoffreError("BAD_INPUT", one-line reason)`;
 * nothing is silently truncated.
 */
export interface PdfLimits {
  /** Largest file accepted, in bytes. */
  maxBytes: number;
  /** Most pages accepted; an invoice rarely has more than a few dozen. */
  maxPages: number;
  /** Longest page side, in points (1/72 in). 14 400 pt (200 in) is the PDF spec's own limit without UserUnit. */
  maxPageSidePoints: number;
  /** Most pixels of one rendered page; a render asking for more is done at a lower dpi (see render.ts). */
  maxRenderPixels: number;
  /** Largest embedded e-invoice XML read, in bytes. */
  maxXmlBytes: number;
}

export const DEFAULT_PDF_LIMITS: Readonly<PdfLimits> = Object.freeze({
  maxBytes: 100 * 1024 * 1024,
  maxPages: 300,
  maxPageSidePoints: 14_400,
  // An A3 page at 300 dpi is 17.4 MP; an A4 at 600 dpi 34.8 MP.
  maxRenderPixels: 40_000_000,
  maxXmlBytes: 5 * 1024 * 1024,
});

export function pdfLimits(overrides: Partial<PdfLimits> = {}): PdfLimits {
  return { ...DEFAULT_PDF_LIMITS, ...overrides };
}
