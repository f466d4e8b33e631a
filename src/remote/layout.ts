/**
 * The number of grid columns that makes `count` tiles of `aspect` (width / height) largest inside a
 * `width` x `height` area with `gap` pixels between tiles. Pure, so it is tested without a DOM.
 */
export function gridColumns(count: number, width: number, height: number, aspect = 16 / 9, gap = 0): number {
  if (count <= 1 || !(width > 0) || !(height > 0)) return 1;
  let best = 1;
  let bestSize = -1;
  for (let cols = 1; cols <= count; cols++) {
    const rows = Math.ceil(count / cols);
    const cellW = (width - gap * (cols - 1)) / cols;
    const cellH = (height - gap * (rows - 1)) / rows;
    if (cellW <= 0 || cellH <= 0) continue;
    // the tile's width when a tile of `aspect` is fitted into the cell
    const tileW = Math.min(cellW, cellH * aspect);
    // on a tie the wider arrangement wins: two tiles side by side rather than stacked
    if (tileW >= bestSize - 0.5) {
      bestSize = tileW;
      best = cols;
    }
  }
  return best;
}
