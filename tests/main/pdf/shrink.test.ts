import { describe, expect, it } from "vitest";
import { fillBoxes } from "../../../main/parse/burn.js";
import { shrinkToWidth } from "../../../main/pdf/shrink.js";

/** An RGBA image, every pixel from `colour(x, y)`, alpha 255. */
function rgba(width: number, height: number, colour: (x: number, y: number) => [number, number, number]): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      data.set([...colour(x, y), 255], (y * width + x) * 4);
    }
  }
  return data;
}

describe("shrinkToWidth", () => {
  it("averages each block of input pixels into one RGB pixel", () => {
    // 4 x 2 -> 2 x 1: left block [0, 0, 0] + [100, 100, 100] x 2 rows, right block white.
    const data = rgba(4, 2, (x) => (x === 0 ? [0, 0, 0] : x === 1 ? [100, 50, 10] : [255, 255, 255]));
    const out = shrinkToWidth({ data, width: 4, height: 2, channels: 4 }, 2);
    expect({ width: out.width, height: out.height }).toEqual({ width: 2, height: 1 });
    expect([...out.data]).toEqual([50, 25, 5, 255, 255, 255]);
  });

  it("never enlarges, and reads RGB as well as RGBA", () => {
    const data = new Uint8Array([10, 20, 30, 40, 50, 60]);
    const out = shrinkToWidth({ data, width: 2, height: 1, channels: 3 }, 240);
    expect({ width: out.width, height: out.height }).toEqual({ width: 2, height: 1 });
    expect([...out.data]).toEqual([10, 20, 30, 40, 50, 60]);
  });

  it("keeps the aspect ratio and covers every input pixel once (a non-integer factor)", () => {
    const width = 935;
    const height = 1290;
    const data = rgba(width, height, () => [200, 200, 200]);
    const out = shrinkToWidth({ data, width, height, channels: 4 }, 240);
    expect(out.width).toBe(240);
    expect(out.height).toBe(Math.round((height * 240) / width));
    expect(out.data.every((value) => value === 200)).toBe(true);
  });

  it("a box burned black in the page stays black in the shrunk image", () => {
    const width = 935;
    const height = 1290;
    const page = { width: 612, height: 792 };
    const data = rgba(width, height, (x, y) => [(x * 7) % 256, (y * 13) % 256, 128]);
    const box: [number, number, number, number] = [100, 200, 300, 230];
    fillBoxes({ data, width, height, channels: 4 }, [box], page);
    const out = shrinkToWidth({ data, width, height, channels: 4 }, 240);
    // Every output pixel whose block lies inside the box (in page units, the box scaled to the thumbnail) is black.
    const scale = out.width / page.width;
    const rowScale = out.height / page.height;
    let inside = 0;
    for (let y = Math.ceil(box[1] * rowScale) + 1; y < Math.floor(box[3] * rowScale) - 1; y += 1) {
      for (let x = Math.ceil(box[0] * scale) + 1; x < Math.floor(box[2] * scale) - 1; x += 1) {
        const at = (y * out.width + x) * 3;
        expect([out.data[at], out.data[at + 1], out.data[at + 2]]).toEqual([0, 0, 0]);
        inside += 1;
      }
    }
    expect(inside).toBeGreaterThan(100);
  });
});
