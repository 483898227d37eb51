import sharp from "sharp";

/**
 * Images for the viewer: each page as a PNG with the boxes of hidden values burned in (black, opaque —
 * the pixels underneath are gone), and a small thumbnail of the first page made from the masked image.
 */
export const VIEW_DPI = 110;
export const THUMBNAIL_WIDTH = 240;

export async function burnBoxes(
  image: Buffer,
  boxes: [number, number, number, number][],
  pageSize: { width: number; height: number },
): Promise<Buffer> {
  const metadata = await sharp(image).metadata();
  const width = metadata.width ?? 0;
  const height = metadata.height ?? 0;
  if (boxes.length === 0) return sharp(image).png().toBuffer();
  const scaleX = width / pageSize.width;
  const scaleY = height / pageSize.height;
  const pad = Math.max(2, Math.round(width / 400));
  const rects = boxes
    .map(([x0, y0, x1, y1]) => {
      const left = Math.max(0, Math.floor(x0 * scaleX) - pad);
      const top = Math.max(0, Math.floor(y0 * scaleY) - pad);
      const right = Math.min(width, Math.ceil(x1 * scaleX) + pad);
      const bottom = Math.min(height, Math.ceil(y1 * scaleY) + pad);
      return `<rect x="${left}" y="${top}" width="${Math.max(1, right - left)}" height="${Math.max(1, bottom - top)}" fill="#000"/>`;
    })
    .join("");
  const overlay = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${rects}</svg>`);
  // Flatten so no alpha channel can keep the original pixels.
  return sharp(image).flatten({ background: "#ffffff" }).composite([{ input: overlay, top: 0, left: 0 }]).png().toBuffer();
}

export async function makeThumbnail(maskedPage: Buffer): Promise<Buffer> {
  return sharp(maskedPage).resize({ width: THUMBNAIL_WIDTH, withoutEnlargement: true }).png({ compressionLevel: 9 }).toBuffer();
}
