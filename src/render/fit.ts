/** Where a frame lands on a canvas: the destination rectangle of `drawImage`, in canvas pixels. */
export interface FitRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export type Fit = 'contain' | 'cover';

/**
 * Fills `out` with the rectangle a `srcWidth`x`srcHeight` frame covers on a `dstWidth`x`dstHeight` canvas:
 * `contain` shows the whole frame (bars on two sides), `cover` fills the canvas (the canvas edge crops the frame).
 * Writes into `out` so callers reuse one object; it is also inlined into the render worker by its source text,
 * so it must stay self-contained (no imports, no helpers).
 */
export function fitRect(fit: Fit, srcWidth: number, srcHeight: number, dstWidth: number, dstHeight: number, out: FitRect): FitRect {
  if (srcWidth <= 0 || srcHeight <= 0 || dstWidth <= 0 || dstHeight <= 0) {
    out.x = out.y = out.width = out.height = 0;
    return out;
  }
  const sx = dstWidth / srcWidth;
  const sy = dstHeight / srcHeight;
  const scale = fit === 'cover' ? Math.max(sx, sy) : Math.min(sx, sy);
  // Whole pixels: a fractional edge would blend the bar into the picture on every frame.
  out.width = Math.round(srcWidth * scale);
  out.height = Math.round(srcHeight * scale);
  out.x = Math.round((dstWidth - out.width) / 2);
  out.y = Math.round((dstHeight - out.height) / 2);
  return out;
}
