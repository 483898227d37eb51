/** Test helpers: run the detector on hand-written lines and look at what it found. */
import { detectSensitive } from "../../../main/detect/index.js";
import type { SensitiveType } from "../../../main/detect/policy.js";
import type { SensitiveFinding } from "../../../main/ingest/findings.js";
import { doc, type PageOptions } from "../classify/pages.js";

export function detect(lines: readonly string[], options: PageOptions = {}): SensitiveFinding[] {
  return detectSensitive(doc(lines, options));
}

/** The normalized values found of one type. */
export function found(lines: readonly string[], type: SensitiveType, options: PageOptions = {}): string[] {
  return detect(lines, options)
    .filter((finding) => finding.type === type)
    .map((finding) => finding.normalized);
}
