import type { EInvoiceData } from "../ingest/types.js";
import { CoffreError } from "../errors.js";
import { mapCrossIndustryInvoice } from "./cii.js";
import type { PdfLimits } from "./limits.js";
import { describePdfjsError, openPdf, type OpenPdf } from "./pdfjs-document.js";
import { parseUntrustedXml } from "./xml-tree.js";

/** Attachment names of Factur-X, ZUGFeRD 1/2 and XRechnung (compared case-insensitively: "ZUGFeRD-invoice.xml"). */
export const EINVOICE_ATTACHMENT_NAMES = ["factur-x.xml", "zugferd-invoice.xml", "xrechnung.xml"] as const;

interface Attachment {
  filename: string;
  content: Uint8Array;
}

function attachmentsOf(raw: unknown): Attachment[] {
  if (typeof raw !== "object" || raw === null) return [];
  return Object.values(raw).flatMap((entry: unknown): Attachment[] => {
    if (typeof entry !== "object" || entry === null) return [];
    const { filename, content } = entry as { filename?: unknown; content?: unknown };
    return typeof filename === "string" && content instanceof Uint8Array ? [{ filename, content }] : [];
  });
}

/**
 * The embedded e-invoice of an opened PDF: the attachment with a known name first, else any .xml
 * attachment whose root is a Cross Industry Invoice. Null when there is none. An attachment that is
 * hostile (DTD, oversized, not well-formed) throws `CoffreError("BAD_INPUT")`.
 */
export async function readEInvoice(pdf: OpenPdf): Promise<EInvoiceData | null> {
  let raw: unknown;
  try {
    raw = await pdf.proxy.getAttachments();
  } catch (error) {
    throw describePdfjsError(error);
  }
  const attachments = attachmentsOf(raw);
  const known = new Set<string>(EINVOICE_ATTACHMENT_NAMES);
  const ordered = [
    ...attachments.filter((a) => known.has(a.filename.toLowerCase())),
    ...attachments.filter((a) => !known.has(a.filename.toLowerCase()) && a.filename.toLowerCase().endsWith(".xml")),
  ];
  for (const attachment of ordered) {
    if (attachment.content.byteLength > pdf.limits.maxXmlBytes) {
      throw new CoffreError("BAD_INPUT", `the embedded ${attachment.filename} is larger than ${pdf.limits.maxXmlBytes} bytes`);
    }
    const text = new TextDecoder("utf-8", { fatal: false }).decode(attachment.content).replace(/^\uFEFF/, "");
    const isKnownName = known.has(attachment.filename.toLowerCase());
    try {
      const mapped = mapCrossIndustryInvoice(parseUntrustedXml(text, pdf.limits.maxXmlBytes));
      if (mapped) return mapped;
    } catch (error) {
      // A hostile e-invoice is refused; some other broken .xml attachment is simply not an e-invoice.
      if (isKnownName) throw error;
    }
  }
  return null;
}

/** Factur-X / ZUGFeRD / XRechnung data embedded in untrusted PDF bytes, or null. */
export async function extractEInvoice(bytes: Uint8Array, limits: Partial<PdfLimits> = {}): Promise<EInvoiceData | null> {
  const pdf = await openPdf(bytes, limits);
  try {
    return await readEInvoice(pdf);
  } finally {
    await pdf.close();
  }
}
