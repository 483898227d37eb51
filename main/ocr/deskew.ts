/**
 * Skew estimate by projection profile: text lines are dark horizontal bands, so the row histogram of dark
 * pixels is the most "peaky" (largest sum of squares) when projected at the page's skew angle. Works on a
 * small greyscale copy (about 1000 px wide).
 *
 * The search is coarse to fine: every `coarseStepDegrees` over +-maxDegrees, then every `stepDegrees`
 * within one coarse step either side of the best coarse angle. A text line ~1000 px long moves by ~9 px
 * (about half a line pitch at that size) per 0.5 deg, so the coarse step lands inside the main peak; on
 * the generated scans and the bench pages the result was the exhaustive search's angle (measured, see
 * preprocess.ts). ~30 projections instead of 101.
 */
export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

interface DarkPixels {
  /** x - width / 2 of each dark pixel */
  dx: Float64Array;
  y: Float64Array;
  count: number;
  height: number;
}

function darkPixels(image: GreyImage): DarkPixels {
  const { data, width, height } = image;
  const size = Math.min(data.length, width * height);
  let count = 0;
  for (let i = 0; i < size; i += 1) if ((data[i] ?? 255) < 128) count += 1;
  const dx = new Float64Array(count);
  const y = new Float64Array(count);
  const centreX = width / 2;
  let next = 0;
  for (let row = 0; row < height; row += 1) {
    const start = row * width;
    for (let x = 0; x < width; x += 1) {
      if ((data[start + x] ?? 255) < 128) {
        dx[next] = x - centreX;
        y[next] = row;
        next += 1;
      }
    }
  }
  return { dx, y, count, height };
}

/** Sum of squares of the row histogram of the dark pixels sheared by `degrees`. */
function profileScore(pixels: DarkPixels, degrees: number, bins: Int32Array): number {
  const slope = Math.tan((degrees * Math.PI) / 180);
  const offset = Math.floor(pixels.height / 2);
  const { dx, y, count } = pixels;
  const length = bins.length;
  bins.fill(0);
  for (let i = 0; i < count; i += 1) {
    // Row of this pixel once the page is turned by -degrees (small-angle shear is enough here).
    const row = Math.round((y[i] as number) - (dx[i] as number) * slope) + offset;
    if (row >= 0 && row < length) bins[row] = (bins[row] as number) + 1;
  }
  let score = 0;
  for (let i = 0; i < length; i += 1) {
    const n = bins[i] as number;
    score += n * n;
  }
  return score;
}

export function estimateSkewDegrees(image: GreyImage, maxDegrees = 5, stepDegrees = 0.1, coarseStepDegrees = 0.5): number {
  const pixels = darkPixels(image);
  // A blank or nearly blank page has no lines to align.
  if (pixels.count < 200) return 0;
  const bins = new Int32Array(image.height * 2 + 2);
  let bestAngle = 0;
  let bestScore = -1;
  const consider = (degrees: number): void => {
    const score = profileScore(pixels, degrees, bins);
    if (score > bestScore) {
      bestScore = score;
      bestAngle = degrees;
    }
  };
  const coarse = Math.max(stepDegrees, coarseStepDegrees);
  const coarseSteps = Math.floor((2 * maxDegrees) / coarse + 1e-9);
  for (let k = 0; k <= coarseSteps; k += 1) consider(-maxDegrees + k * coarse);
  if (coarse > stepDegrees) {
    const centre = bestAngle;
    const fineSteps = Math.floor(coarse / stepDegrees + 1e-9);
    for (let k = -fineSteps; k <= fineSteps; k += 1) {
      const degrees = centre + k * stepDegrees;
      if (k !== 0 && Math.abs(degrees) <= maxDegrees + 1e-9) consider(degrees);
    }
  }
  return Math.round(bestAngle * 100) / 100;
}

/** The exhaustive search (every `stepDegrees`), kept to check the coarse-to-fine one against. */
export function estimateSkewDegreesExhaustive(image: GreyImage, maxDegrees = 5, stepDegrees = 0.1): number {
  return estimateSkewDegrees(image, maxDegrees, stepDegrees, stepDegrees);
}
