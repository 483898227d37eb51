/**
 * Lines of ink a page read left without a single word (main/ingest/reread.ts reads them again). Tesseract
 * drops whole lines on some scans: the BIC line under an IBAN on a speckled page, every line of a light grey
 * sidebar on a clean one (its global threshold falls between the panel and the paper, so the panel reads as
 * one dark picture). Here the page image is reduced so that a text line is about LINE_PX pixels tall; ink is
 * what is darker than its own surroundings (the lightest level two line heights around: a tinted panel's
 * colour, not the page's), the words the page read found are masked out, and what is left is smeared along
 * the line and grouped: a group with a text line's height, several times as wide, and strokes rather than a
 * filled band (a table header, a rule) is an unread line.
 */
import sharp from "sharp";
import type { Word } from "./types.js";

/** An unread line, in page image pixels; `height` is the page's text line height. */
export interface UnreadLine {
  box: Word["bbox"];
  height: number;
}

export interface GrayImage {
  data: Uint8Array;
  width: number;
  height: number;
}

/** A text line's height once reduced. */
const LINE_PX = 9;
/** Background blocks (reduced pixels); the background is the lightest of the 3x3 blocks around. */
const BLOCK = 6;
/** Ink: darker than its background by this share of the background's level. */
const INK_CONTRAST = 0.22;
/** Ink runs longer than this many line heights down, or across, are rules. */
const RULE_LINES = 2.5;
const RULE_WIDTH = 6;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/** The page's text line height: the median height of its real words (two letters or digits at least). */
export function lineHeightOf(words: readonly Word[]): number {
  const real = words.filter((word) => word.text.replace(/[^\p{L}\p{N}]/gu, "").length >= 2);
  return median((real.length > 0 ? real : words).map((word) => word.bbox[3] - word.bbox[1]));
}

/**
 * The unread lines of a reduced grayscale page (`scale` page pixels a reduced pixel), top to bottom.
 * `skewDegrees` lets a turned line be taller than a straight one by its drift.
 */
export function findUnreadLines(image: GrayImage, scale: number, words: readonly Word[], lineHeight: number, skewDegrees = 0): UnreadLine[] {
  const { data, width, height } = image;
  const size = width * height;
  // Background: the lightest level of each block, then the lightest of the blocks around it.
  const blocksWide = Math.ceil(width / BLOCK);
  const blocksHigh = Math.ceil(height / BLOCK);
  const lightest = new Uint8Array(blocksWide * blocksHigh);
  for (let y = 0; y < height; y += 1) {
    const row = Math.floor(y / BLOCK) * blocksWide;
    for (let x = 0; x < width; x += 1) {
      const level = data[y * width + x] ?? 0;
      const block = row + Math.floor(x / BLOCK);
      if (level > (lightest[block] ?? 0)) lightest[block] = level;
    }
  }
  const background = new Uint8Array(blocksWide * blocksHigh);
  for (let by = 0; by < blocksHigh; by += 1) {
    for (let bx = 0; bx < blocksWide; bx += 1) {
      let level = 0;
      for (let dy = -1; dy <= 1; dy += 1) {
        for (let dx = -1; dx <= 1; dx += 1) {
          const y = by + dy;
          const x = bx + dx;
          if (y >= 0 && x >= 0 && y < blocksHigh && x < blocksWide) level = Math.max(level, lightest[y * blocksWide + x] ?? 0);
        }
      }
      background[by * blocksWide + bx] = level;
    }
  }
  // What the page read explains: its words' boxes, padded along the line; across it at most a line height
  // about the word's middle (a blurred scan's word boxes run into the next line, which may be the unread one).
  const covered = new Uint8Array(size);
  const pad = 0.35 * lineHeight;
  for (const word of words) {
    const middle = (word.bbox[1] + word.bbox[3]) / 2;
    const x0 = Math.max(0, Math.floor((word.bbox[0] - pad) / scale));
    const x1 = Math.min(width - 1, Math.ceil((word.bbox[2] + pad) / scale));
    const y0 = Math.max(0, Math.floor(Math.max(word.bbox[1], middle - 0.5 * lineHeight) / scale));
    const y1 = Math.min(height - 1, Math.ceil(Math.min(word.bbox[3], middle + 0.5 * lineHeight) / scale));
    for (let y = y0; y <= y1 && x1 >= x0; y += 1) covered.fill(1, y * width + x0, y * width + x1 + 1);
  }
  // Rules (a table's or a frame's lines) are no text: vertical runs of ink over RULE_LINES line heights and
  // horizontal ones over RULE_WIDTH line heights are taken out, or a framed block's lines join its frame.
  const dark = (index: number): boolean => {
    const x = index % width;
    const paper = background[Math.floor((index - x) / width / BLOCK) * blocksWide + Math.floor(x / BLOCK)] ?? 0;
    return paper - (data[index] ?? 0) > INK_CONTRAST * paper;
  };
  const rule = new Uint8Array(size);
  for (let x = 0; x < width; x += 1) {
    for (let y = 0; y < height; ) {
      if (!dark(y * width + x)) {
        y += 1;
        continue;
      }
      let end = y;
      while (end < height && dark(end * width + x)) end += 1;
      if (end - y > RULE_LINES * LINE_PX) for (let row = y; row < end; row += 1) rule[row * width + x] = 1;
      y = end;
    }
  }
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; ) {
      if (!dark(y * width + x)) {
        x += 1;
        continue;
      }
      let end = x;
      while (end < width && dark(y * width + end)) end += 1;
      if (end - x > RULE_WIDTH * LINE_PX) rule.fill(1, y * width + x, y * width + end);
      x = end;
    }
  }
  // Unexplained ink, smeared along the line over gaps up to a line height (letters and words join up).
  const ink = new Uint8Array(size);
  const smeared = new Uint8Array(size);
  for (let y = 0; y < height; y += 1) {
    const row = Math.floor(y / BLOCK) * blocksWide;
    let last = -Infinity;
    for (let x = 0; x < width; x += 1) {
      const index = y * width + x;
      const paper = background[row + Math.floor(x / BLOCK)] ?? 0;
      if (covered[index] || rule[index] || paper - (data[index] ?? 0) <= INK_CONTRAST * paper) continue;
      ink[index] = 1;
      if (x - last <= LINE_PX) smeared.fill(1, y * width + last, index + 1);
      else smeared[index] = 1;
      last = x;
    }
  }
  const slope = Math.abs(Math.tan((skewDegrees * Math.PI) / 180));
  const lines: UnreadLine[] = [];
  const seen = new Uint8Array(size);
  const stack: number[] = [];
  const columnInk = new Uint16Array(width);
  const touched: number[] = [];
  for (let start = 0; start < size; start += 1) {
    if (!smeared[start] || seen[start]) continue;
    let [x0, y0, x1, y1, inked] = [width, height, 0, 0, 0];
    seen[start] = 1;
    stack.push(start);
    while (stack.length > 0) {
      const index = stack.pop() ?? 0;
      const x = index % width;
      const y = (index - x) / width;
      if (ink[index]) {
        inked += 1;
        if (columnInk[x] === 0) touched.push(x);
        columnInk[x] = (columnInk[x] ?? 0) + 1;
      }
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
      const next = [x > 0 ? index - 1 : -1, x < width - 1 ? index + 1 : -1, y > 0 ? index - width : -1, y < height - 1 ? index + width : -1];
      for (const other of next) {
        if (other < 0 || seen[other] || !smeared[other]) continue;
        seen[other] = 1;
        stack.push(other);
      }
    }
    const wide = x1 - x0 + 1;
    const tall = y1 - y0 + 1;
    const fill = inked / (wide * tall);
    let thick = 0;
    for (const x of touched) {
      if ((columnInk[x] ?? 0) >= 3) thick += 1;
      columnInk[x] = 0;
    }
    const inkedColumns = touched.length;
    touched.length = 0;
    // A rule that the runs above missed (a grey or broken one, turned with the page, stepping a row every few
    // dozen pixels): ink in nearly every column of the group, and nearly nowhere three pixels tall, as no text
    // line is (a letter's stem is; the gaps between words leave columns without ink). Tesseract's reading of one
    // is slow (its length) and never a value.
    const ruleLike = inkedColumns >= 0.85 * wide && thick <= 0.05 * inkedColumns;
    // A text line: its height (with a turned line's drift), several times as wide, strokes and not a filled band.
    if (tall < 0.35 * LINE_PX || tall > 2.2 * LINE_PX + slope * wide || wide < 3 * tall || inked < 25 || fill < 0.08 || fill > 0.5 || ruleLike) continue;
    lines.push({ box: [x0 * scale, y0 * scale, (x1 + 1) * scale, (y1 + 1) * scale], height: lineHeight });
  }
  return lines.sort((a, b) => a.box[1] - b.box[1]);
}

/** The unread lines of a page image (PNG or JPEG), given the words its page read found. */
export async function unreadLines(image: Buffer, words: readonly Word[], skewDegrees = 0, maxPixels = 50_000_000): Promise<UnreadLine[]> {
  const lineHeight = lineHeightOf(words);
  if (lineHeight < 4) return [];
  const metadata = await sharp(image, { limitInputPixels: maxPixels }).metadata();
  const scale = Math.max(1, lineHeight / LINE_PX);
  const width = Math.max(1, Math.round((metadata.width ?? 0) / scale));
  const height = Math.max(1, Math.round((metadata.height ?? 0) / scale));
  const { data, info } = await sharp(image, { limitInputPixels: maxPixels }).removeAlpha().grayscale().resize(width, height, { fit: "fill", kernel: "linear" }).raw().toBuffer({ resolveWithObject: true });
  return findUnreadLines({ data, width: info.width, height: info.height }, (metadata.width ?? width) / info.width, words, lineHeight, skewDegrees);
}
