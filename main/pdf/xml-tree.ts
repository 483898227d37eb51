import { XMLParser, XMLValidator } from "fast-xml-parser";
import { CoffreError } from "../errors.js";

/**
 * A parsed XML element as fast-xml-parser gives it with our options: text-only elements are strings,
 * elements with attributes or children are objects (`#text` for their text, `@_name` for attributes),
 * repeated elements are arrays. Namespace prefixes are removed, so `ram:ID` and `ns4:ID` are both `ID`.
 */
export type XmlNode = string | XmlElement | XmlNode[];
export interface XmlElement {
  [name: string]: XmlNode;
}

/**
 * Parses untrusted XML. Hostile input is refused rather than defused: a DTD (the vehicle of entity
 * expansion and external entities) is rejected outright, entities are never expanded, the size and the
 * nesting depth are capped, and values stay strings (an ID "00012" keeps its zeros).
 */
export function parseUntrustedXml(text: string, maxBytes: number): XmlElement {
  if (Buffer.byteLength(text, "utf8") > maxBytes) throw new CoffreError("BAD_INPUT", `the embedded XML is larger than ${maxBytes} bytes`);
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new CoffreError("BAD_INPUT", "the embedded XML declares a DTD, which is not allowed");
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new CoffreError("BAD_INPUT", `the embedded XML is not well-formed (line ${valid.err.line})`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@_",
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    trimValues: true,
    maxNestedTags: 64,
  });
  const tree: unknown = parser.parse(text);
  if (typeof tree !== "object" || tree === null || Array.isArray(tree)) throw new CoffreError("BAD_INPUT", "the embedded XML is empty");
  return tree as XmlElement;
}

function asList(node: XmlNode | undefined): XmlNode[] {
  if (node === undefined) return [];
  return Array.isArray(node) ? node : [node];
}

/** Every element reached by following `names` from `from` (through repeated elements too). */
export function select(from: XmlNode | undefined, ...names: string[]): XmlNode[] {
  let current = asList(from);
  for (const name of names) {
    current = current.flatMap((node) => (typeof node === "object" && !Array.isArray(node) ? asList(node[name]) : []));
  }
  return current;
}

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/**
 * Decodes what every XML document may use without a DTD: the five predefined entities and numeric
 * character references (`&amp;`, `&#233;`, `&#xE9;`). One pass, no recursion, so nothing expands;
 * anything else (`&nbsp;`, a malformed reference) is kept as written.
 */
export function decodeXmlReferences(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(/&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|([a-z]{2,4}));/g, (whole, decimal: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return PREDEFINED_ENTITIES[name] ?? whole;
    const code = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? "", 16);
    const allowed = code === 0x9 || code === 0xa || code === 0xd || (code >= 0x20 && code <= 0xd7ff) || (code >= 0xe000 && code <= 0xfffd) || (code >= 0x10000 && code <= 0x10ffff);
    return allowed ? String.fromCodePoint(code) : whole;
  });
}

/** The trimmed text of an element, references decoded, or null when empty or absent. */
export function textOf(node: XmlNode | undefined): string | null {
  if (node === undefined || Array.isArray(node)) return null;
  const value = typeof node === "string" ? node : node["#text"];
  return typeof value === "string" && value.trim() !== "" ? decodeXmlReferences(value.trim()) : null;
}

export function attributeOf(node: XmlNode | undefined, name: string): string | null {
  if (node === undefined || typeof node === "string" || Array.isArray(node)) return null;
  const value = node[`@_${name}`];
  return typeof value === "string" ? decodeXmlReferences(value.trim()) : null;
}

/** The text of the first element on the path that has text. */
export function firstText(from: XmlNode | undefined, ...names: string[]): string | null {
  for (const node of select(from, ...names)) {
    const text = textOf(node);
    if (text !== null) return text;
  }
  return null;
}
