import { describe, expect, it } from "vitest";
import { extractEInvoice } from "../../../main/pdf/einvoice.js";
import { CII_2X_XML, invoicePdf, ZUGFERD_1_XML } from "./sample-pdfs.js";

describe("extractEInvoice", () => {
  it("maps an attached Factur-X (CII 2.x) exactly", async () => {
    const data = await extractEInvoice(await invoicePdf({ attachments: [{ name: "factur-x.xml", xml: CII_2X_XML }] }));
    expect(data).toEqual({
      profile: "urn:cen.eu:en16931:2017",
      flavour: "cii-2.x",
      docType: "invoice",
      fields: {
        invoiceNumber: "FA-2024-0042",
        issueDate: "2024-03-15",
        dueDate: "2024-04-14",
        currency: "EUR",
        totalNet: "1028.80",
        totalTax: "205.76",
        totalGross: "1234.56",
        sellerName: "Papeterie Dupont SARL",
        sellerVat: "FR40303265045",
        sellerSiret: "73282932000074",
        iban: "FR7630006000011234567890189",
        bic: "AGRIFRPP",
      },
      sellerEmail: "factures@dupont.example",
      sellerPhone: "+33 1 23 45 67 89",
    });
  });

  it("maps a ZUGFeRD 1.0 (CII 1.0) credit note, whatever the attachment name's case", async () => {
    const data = await extractEInvoice(await invoicePdf({ attachments: [{ name: "ZUGFeRD-invoice.xml", xml: ZUGFERD_1_XML }] }));
    expect(data).toEqual({
      profile: "urn:ferd:CrossIndustryDocument:invoice:1p0:comfort",
      flavour: "cii-1.0",
      docType: "credit-note",
      fields: {
        invoiceNumber: "GS-471102",
        issueDate: "2013-03-06",
        dueDate: "2013-04-05",
        currency: "EUR",
        totalNet: "473.00",
        totalTax: "56.87",
        totalGross: "529.87",
        sellerName: "Lieferant GmbH",
        sellerVat: "DE123456789",
        sellerSiret: null,
        iban: "DE08700901001234567890",
        bic: "GENODEF1M04",
      },
      sellerEmail: "rechnung@lieferant.example",
      sellerPhone: "+49 89 123456",
    });
  });

  it("is agnostic of namespace prefixes", async () => {
    const renamed = CII_2X_XML.replaceAll("rsm:", "a:").replaceAll("ram:", "b:").replaceAll("udt:", "c:").replace("xmlns:rsm", "xmlns:a").replace("xmlns:ram", "xmlns:b").replace("xmlns:udt", "xmlns:c");
    const data = await extractEInvoice(await invoicePdf({ attachments: [{ name: "xrechnung.xml", xml: renamed }] }));
    expect(data?.fields.totalGross).toBe("1234.56");
  });

  it("decodes the predefined entities and character references, and expands nothing else", async () => {
    const xml = CII_2X_XML.replace("Papeterie Dupont SARL", "Dupont &amp; Fils &#x2014; Papeterie&#233;&#0; &nbsp;").replace("FA-2024-0042", "FA&lt;42&gt;");
    const data = await extractEInvoice(await invoicePdf({ attachments: [{ name: "factur-x.xml", xml }] }));
    // &#0; is not an XML character and &nbsp; needs a DTD: both stay as written.
    expect(data?.fields.sellerName).toBe("Dupont & Fils \u2014 Papeterie\u00e9&#0; &nbsp;");
    expect(data?.fields.invoiceNumber).toBe("FA<42>");
  });

  it("returns null without an e-invoice, and ignores other attachments", async () => {
    expect(await extractEInvoice(await invoicePdf())).toBeNull();
    expect(await extractEInvoice(await invoicePdf({ attachments: [{ name: "notes.xml", xml: "<notes><a>1</a></notes>" }] }))).toBeNull();
  });

  it("refuses hostile XML: entity declarations, and XML over the size cap", async () => {
    const billionLaughs = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>${CII_2X_XML.replace(/^<\?xml[^>]*>/, "").replace("Papeterie Dupont SARL", "&lol2;")}`;
    await expect(extractEInvoice(await invoicePdf({ attachments: [{ name: "factur-x.xml", xml: billionLaughs }] }))).rejects.toThrow("the embedded XML declares a DTD, which is not allowed");
    await expect(extractEInvoice(await invoicePdf({ attachments: [{ name: "factur-x.xml", xml: CII_2X_XML }] }), { maxXmlBytes: 1000 })).rejects.toThrow(/larger than 1000 bytes/);
  });
});
