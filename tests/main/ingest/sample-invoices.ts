import { PDFDocument, StandardFonts } from "pdf-lib";

/**
 * Small invoices built in the test with pdf-lib (text at known places), with the identifiers a French
 * supplier prints: all valid (IBAN mod 97, VAT key, SIRET Luhn).
 */
export const SUPPLIER = {
  name: "Papeterie Dupont SARL",
  vat: "FR44732829320",
  siret: "73282932000074",
  iban: "FR7630006000011234567890189",
  ibanPrinted: "FR76 3000 6000 0112 3456 7890 189",
  bic: "AGRIFRPP",
};

export interface SampleInvoice {
  number: string;
  issueDate: string;
  gross: string;
  /** A line that makes the file differ (a "DUPLICATA" stamp, say). */
  stamp?: string;
  /** An unusual label for the number (printed under a bare FACTURE title) that generic rules do not know. */
  numberLabel?: string;
}

export async function frenchInvoicePdf(invoice: SampleInvoice = { number: "FA-2024-0042", issueDate: "15/03/2024", gross: "1 234,56" }): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const page = doc.addPage([595, 842]);
  const line = (text: string, x: number, y: number, size = 11, useBold = false) => page.drawText(text, { x, y, size, font: useBold ? bold : font });
  line(SUPPLIER.name, 50, 790, 16, true);
  line("12 rue des Lilas, 75011 Paris", 50, 772);
  line(`TVA intracommunautaire : ${SUPPLIER.vat}`, 50, 756);
  line(`SIRET : ${SUPPLIER.siret}`, 50, 740);
  if (invoice.numberLabel) {
    line("FACTURE", 330, 716, 16, true);
    line(`Notre réf. dossier 2024-LY-${invoice.number.slice(-2)}`, 50, 700);
    line(`${invoice.numberLabel} ${invoice.number}`, 330, 700);
  } else {
    line(`FACTURE N° ${invoice.number}`, 330, 700, 16, true);
  }
  line(`Date de facture : ${invoice.issueDate}`, 330, 680);
  line("Échéance : 14/04/2024", 330, 664);
  line("Facturé à : Boulangerie Martin, 3 place du Marché, 69002 Lyon", 50, 620);
  line("Désignation                 Qté     Prix unitaire     Montant HT", 50, 560);
  line("Ramettes papier A4 80 g       40          25,72           1 028,80", 50, 540);
  line("Total HT", 330, 300);
  line("1 028,80 €", 470, 300);
  line("TVA 20 %", 330, 284);
  line("205,76 €", 470, 284);
  line("Total TTC", 330, 266, 12, true);
  line(`${invoice.gross} €`, 470, 266, 12, true);
  line(`IBAN : ${SUPPLIER.ibanPrinted}`, 50, 200);
  line(`BIC : ${SUPPLIER.bic}`, 50, 184);
  if (invoice.stamp) line(invoice.stamp, 50, 120, 20, true);
  return doc.save({ useObjectStreams: false });
}

export async function notAnInvoicePdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const page = doc.addPage([595, 842]);
  page.drawText("Notes from the team picnic: bring sandwiches, a ball and good weather.", { x: 50, y: 700, size: 12, font });
  return doc.save();
}
