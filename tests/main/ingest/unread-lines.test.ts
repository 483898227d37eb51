import { describe, expect, it } from "vitest";
import { findUnreadLines, type GrayImage } from "../../../main/ingest/unread-lines.js";

// Reduced page images (a text line ~9 px tall, as unreadLines makes them), paper at 240, no page words.
function page(width: number, height: number): GrayImage {
  return { data: new Uint8Array(width * height).fill(240), width, height };
}

function dot(image: GrayImage, x: number, y: number, level: number): void {
  if (x >= 0 && y >= 0 && x < image.width && y < image.height) image.data[y * image.width + x] = level;
}

/** A grey rule turned with the page: 2 px thick, a row lower every `step` pixels, a pixel missing now and then. */
function turnedRule(image: GrayImage, x0: number, x1: number, y: number, step: number): void {
  for (let x = x0; x < x1; x += 1) {
    const row = y + Math.floor((x - x0) / step);
    dot(image, x, row, 170);
    if (x % 23 !== 0) dot(image, x, row + 1, 170);
  }
}

/** A line of "words": letters 3 px wide and 6 tall (stems), 1 px apart, words of 5 letters 4 px apart. */
function textLine(image: GrayImage, x0: number, y: number, words: number): void {
  let x = x0;
  for (let word = 0; word < words; word += 1) {
    for (let letter = 0; letter < 5; letter += 1) {
      for (let dx = 0; dx < 3; dx += 1) for (let dy = 0; dy < 6; dy += 1) if (dx !== 1 || dy === 0 || dy === 5) dot(image, x + dx, y + dy, 60);
      x += 4;
    }
    x += 4;
  }
}

describe("unread lines", () => {
  it("a turned grey rule is no unread line: ink in every column, nowhere three pixels tall", () => {
    const image = page(400, 60);
    turnedRule(image, 20, 380, 20, 40); // ~1.4 deg: runs of 40 px along a row, under the 54 px of a straight rule
    expect(findUnreadLines(image, 1, [], 9, 1.4)).toEqual([]);
  });

  it("a line of text beside it still is one, and the rule does not join it", () => {
    const image = page(400, 80);
    turnedRule(image, 20, 380, 10, 40);
    textLine(image, 40, 50, 8);
    const lines = findUnreadLines(image, 1, [], 9, 1.4);
    expect(lines).toHaveLength(1);
    const [box] = lines.map((line) => line.box);
    expect(box?.[1]).toBeGreaterThanOrEqual(45);
    expect(box?.[0]).toBeLessThanOrEqual(40);
  });
});
