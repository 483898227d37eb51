/**
 * Where a hidden value's box lands in a page image, and burning it there: the one geometry both the masked
 * renditions (main/ingest/renditions.ts, on the importing side) and the redacted original's pages (burned
 * in the parse worker as they are rendered, parse-document.ts) use, so both hide exactly the same pixels.
 */
export type Box = [number, number, number, number];

/** A box in pixels: columns [left, right), rows [top, bottom). */
export interface PixelRect {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The boxes (in `pageSize` units) as pixel rectangles of a `width` x `height` image, padded a little. */
export function boxRects(width: number, height: number, boxes: readonly Box[], pageSize: { width: number; height: number }): PixelRect[] {
  const scaleX = width / pageSize.width;
  const scaleY = height / pageSize.height;
  const pad = Math.max(2, Math.round(width / 400));
  const rects: PixelRect[] = [];
  for (const [x0, y0, x1, y1] of boxes) {
    if (![x0, y0, x1, y1].every(Number.isFinite)) continue;
    const left = Math.max(0, Math.floor(x0 * scaleX) - pad);
    const top = Math.max(0, Math.floor(y0 * scaleY) - pad);
    const right = Math.min(width, Math.max(left + 1, Math.ceil(x1 * scaleX) + pad));
    const bottom = Math.min(height, Math.max(top + 1, Math.ceil(y1 * scaleY) + pad));
    rects.push({ left, top, right, bottom });
  }
  return rects;
}

/**
 * Fills the boxes with opaque black in raw pixels, in place: 3 channels (RGB) or 4 (RGBA, alpha set to 255).
 * The pixels underneath are gone.
 */
export function fillBoxes(pixels: { data: Uint8Array; width: number; height: number; channels: 3 | 4 }, boxes: readonly Box[], pageSize: { width: number; height: number }): void {
  const { data, width, height, channels } = pixels;
  for (const { left, top, right, bottom } of boxRects(width, height, boxes, pageSize)) {
    for (let row = top; row < bottom; row += 1) {
      const start = (row * width + left) * channels;
      const end = (row * width + right) * channels;
      data.fill(0, start, end);
      if (channels === 4) for (let alpha = start + 3; alpha < end; alpha += 4) data[alpha] = 255;
    }
  }
}
