/**
 * Speck removal by connected components on a greyscale page: dark blobs of at most `maxArea` pixels
 * (after an Otsu threshold) that have no other ink within `margin` pixels are painted paper-white. Text,
 * including dots and accents, sits next to other ink, so only isolated specks go; a median filter would
 * also thin strokes and eat the dots.
 */
export interface GreyPixels {
  data: Uint8Array;
  width: number;
  height: number;
}

/** Otsu's threshold of an 8-bit histogram: the level that best splits ink from paper. */
export function otsuThreshold(data: Uint8Array): number {
  const histogram = new Float64Array(256);
  for (let i = 0; i < data.length; i += 1) {
    const level = data[i] ?? 0;
    histogram[level] = (histogram[level] ?? 0) + 1;
  }
  const total = data.length;
  let sumAll = 0;
  for (let level = 0; level < 256; level += 1) sumAll += level * (histogram[level] ?? 0);
  let sumBelow = 0;
  let countBelow = 0;
  let best = 128;
  let bestVariance = -1;
  for (let level = 0; level < 256; level += 1) {
    countBelow += histogram[level] ?? 0;
    if (countBelow === 0) continue;
    const countAbove = total - countBelow;
    if (countAbove === 0) break;
    sumBelow += level * (histogram[level] ?? 0);
    const meanBelow = sumBelow / countBelow;
    const meanAbove = (sumAll - sumBelow) / countAbove;
    const variance = countBelow * countAbove * (meanBelow - meanAbove) ** 2;
    if (variance > bestVariance) {
      bestVariance = variance;
      best = level;
    }
  }
  return best;
}

export interface DespeckleResult {
  removed: number;
  threshold: number;
}

/** Cleans `image.data` in place; returns how many specks went. */
export function removeSpecks(image: GreyPixels, maxArea: number, margin: number, paper = 255): DespeckleResult {
  const { data, width, height } = image;
  const threshold = otsuThreshold(data);
  const size = width * height;
  const label = new Int32Array(size); // 0: paper, -1: ink not yet labelled, >0: component id
  for (let i = 0; i < size; i += 1) if ((data[i] ?? 255) <= threshold) label[i] = -1;
  const stack = new Int32Array(size);
  const small: { pixels: number[]; x0: number; y0: number; x1: number; y1: number }[] = [];
  const big = new Uint8Array(size); // ink of components too big to be a speck
  let id = 0;
  for (let start = 0; start < size; start += 1) {
    if (label[start] !== -1) continue;
    id += 1;
    let top = 0;
    stack[top++] = start;
    label[start] = id;
    const pixels: number[] = [];
    let x0 = width;
    let y0 = height;
    let x1 = 0;
    let y1 = 0;
    let area = 0;
    while (top > 0) {
      const p = stack[--top] ?? 0;
      area += 1;
      const x = p % width;
      const y = (p - x) / width;
      if (area <= maxArea) pixels.push(p);
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      // 8-connected neighbours
      for (let dy = -1; dy <= 1; dy += 1) {
        const ny = y + dy;
        if (ny < 0 || ny >= height) continue;
        for (let dx = -1; dx <= 1; dx += 1) {
          const nx = x + dx;
          if (nx < 0 || nx >= width) continue;
          const q = ny * width + nx;
          if (label[q] === -1) {
            label[q] = id;
            stack[top++] = q;
          }
        }
      }
    }
    if (area <= maxArea) small.push({ pixels, x0, y0, x1, y1 });
  }
  // Ink of big components, then an integral image to ask "any other ink near this speck?" in O(1).
  for (let i = 0; i < size; i += 1) if (label[i] !== 0) big[i] = 1;
  for (const speck of small) for (const p of speck.pixels) big[p] = 0;
  const integral = new Int32Array((width + 1) * (height + 1));
  for (let y = 0; y < height; y += 1) {
    let row = 0;
    for (let x = 0; x < width; x += 1) {
      row += big[y * width + x] ?? 0;
      integral[(y + 1) * (width + 1) + x + 1] = (integral[y * (width + 1) + x + 1] ?? 0) + row;
    }
  }
  const inkIn = (xa: number, ya: number, xb: number, yb: number): number => {
    const a = Math.max(0, xa);
    const b = Math.max(0, ya);
    const c = Math.min(width, xb + 1);
    const d = Math.min(height, yb + 1);
    const w = width + 1;
    return (integral[d * w + c] ?? 0) - (integral[b * w + c] ?? 0) - (integral[d * w + a] ?? 0) + (integral[b * w + a] ?? 0);
  };
  let removed = 0;
  for (const speck of small) {
    if (inkIn(speck.x0 - margin, speck.y0 - margin, speck.x1 + margin, speck.y1 + margin) > 0) continue;
    for (const p of speck.pixels) data[p] = paper;
    removed += 1;
  }
  return { removed, threshold };
}
