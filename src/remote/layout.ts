// Where `<zego-remote-videos>` puts its tiles: pure functions of the stage's size and the tiles' order, so that
// they are tested without a DOM and the view only applies their rectangles.

/**
 * The number of grid columns that makes `count` tiles of `aspect` (width / height) largest inside a
 * `width` x `height` area with `gap` pixels between tiles.
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

/** Below this width the element is phone-sized: fewer tiles per page, and the spotlight's strip goes below. */
export const PHONE_WIDTH = 600;
/** From this width (and a landscape stage) the spotlight's strip stands beside the large tile. */
export const STRIP_BESIDE_WIDTH = 720;

/** Tiles per page when `max-tiles` is not set: 9 (3 x 3) on a desktop-sized element, 4 (2 x 2) on a phone-sized one. */
export function defaultMaxTiles(width: number): number {
  return width > 0 && width < PHONE_WIDTH ? 4 : 9;
}

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LayoutInput {
  /** The stage's size in CSS pixels. */
  readonly width: number;
  readonly height: number;
  /** Every tile but the large one, in display order. */
  readonly items: readonly string[];
  /** The tile shown large (spotlight), or null for a grid. */
  readonly main: string | null;
  /** At most this many tiles on a page of the grid (the spotlight's strip holds at most one fewer). */
  readonly maxTiles: number;
  /** The page asked for, from 0; clamped to the pages there are. */
  readonly page: number;
  /** Space between tiles. */
  readonly gap: number;
  /** Width / height of a tile. */
  readonly aspect: number;
  /** Preferred width of a strip tile (`--zego-strip-tile-width`). */
  readonly stripTile: number;
  /** Width / height of the large tile's picture, when known: below it, the strip takes what the picture leaves. */
  readonly mainAspect?: number;
  /** Height of the row of page buttons, taken from the stage when there is more than one page. */
  readonly pagerHeight: number;
}

export interface Layout {
  readonly mode: 'grid' | 'spotlight';
  /** Where the spotlight's other tiles are; null in a grid or when the large tile is alone. */
  readonly strip: 'beside' | 'below' | null;
  /** The page shown, from 0, and how many there are. */
  readonly page: number;
  readonly pages: number;
  /** How many of `items` a page holds. */
  readonly perPage: number;
  /** Every tile on screen (the large one included) and where; the others are off-page. */
  readonly rects: ReadonlyMap<string, Rect>;
  /** The row of page buttons, when there is more than one page. */
  readonly pager: Rect | null;
}

const floor = (r: Rect): Rect => ({ x: Math.floor(r.x), y: Math.floor(r.y), width: Math.floor(r.width), height: Math.floor(r.height) });

/** Pages of `perPage` over `count` items, and the asked page clamped into them. */
function paging(count: number, perPage: number, page: number): { pages: number; page: number } {
  const pages = Math.max(1, Math.ceil(count / perPage));
  return { pages, page: Math.min(Math.max(0, Math.floor(page) || 0), pages - 1) };
}

/**
 * Rows of `aspect` tiles as large as they fit in `area`, each row centered (a short last row too), the block
 * centered in the area.
 */
function gridRects(ids: readonly string[], slots: number, area: Rect, aspect: number, gap: number, out: Map<string, Rect>): void {
  const cols = gridColumns(slots, area.width, area.height, aspect, gap);
  const rows = Math.max(1, Math.ceil(slots / cols));
  const cellW = (area.width - gap * (cols - 1)) / cols;
  const cellH = (area.height - gap * (rows - 1)) / rows;
  const w = Math.max(0, Math.min(cellW, cellH * aspect));
  const h = w / aspect;
  const usedRows = Math.max(1, Math.ceil(ids.length / cols));
  const top = area.y + (area.height - (usedRows * h + (usedRows - 1) * gap)) / 2;
  ids.forEach((id, i) => {
    const row = Math.floor(i / cols);
    const inRow = Math.min(cols, ids.length - row * cols);
    const left = area.x + (area.width - (inRow * w + (inRow - 1) * gap)) / 2;
    out.set(id, floor({ x: left + (i % cols) * (w + gap), y: top + row * (h + gap), width: w, height: h }));
  });
}

/** A line of tiles of size `w` x `h` along the strip, centered in it. */
function stripRects(
  ids: readonly string[],
  strip: Rect,
  along: 'x' | 'y',
  w: number,
  h: number,
  gap: number,
  out: Map<string, Rect>,
): void {
  const step = (along === 'x' ? w : h) + gap;
  const length = ids.length * step - gap;
  const start = along === 'x' ? strip.x + (strip.width - length) / 2 : strip.y + (strip.height - length) / 2;
  ids.forEach((id, i) => {
    const pos = start + i * step;
    out.set(
      id,
      floor(
        along === 'x'
          ? { x: pos, y: strip.y + (strip.height - h) / 2, width: w, height: h }
          : { x: strip.x + (strip.width - w) / 2, y: pos, width: w, height: h },
      ),
    );
  });
}

/**
 * The grid: pages of `maxTiles` tiles, each page laid out for a full page so that tiles keep their size from page
 * to page. The spotlight: the strip stands beside the large tile on a wide landscape stage (a column, the large
 * tile takes the rest), below it otherwise (rows under a large tile as tall as its picture at full width, the
 * two centered as a block); a strip page holds as many tiles as fit, at most `maxTiles - 1`.
 */
export function layoutTiles(input: LayoutInput): Layout {
  const { width: W, height: H, items, main, gap, aspect, pagerHeight } = input;
  const rects = new Map<string, Rect>();
  const maxTiles = Math.max(1, Math.floor(input.maxTiles) || 1);
  if (!(W > 0) || !(H > 0))
    return { mode: main ? 'spotlight' : 'grid', strip: null, page: 0, pages: 1, perPage: items.length, rects, pager: null };
  const pagerFor = (pages: number): Rect | null => (pages > 1 ? floor({ x: 0, y: H - pagerHeight, width: W, height: pagerHeight }) : null);

  if (!main) {
    const { pages, page } = paging(items.length, maxTiles, input.page);
    const pager = pagerFor(pages);
    const area = { x: 0, y: 0, width: W, height: pager ? H - pagerHeight - gap : H };
    const onPage = items.slice(page * maxTiles, (page + 1) * maxTiles);
    gridRects(onPage, pages > 1 ? maxTiles : onPage.length, area, aspect, gap, rects);
    return { mode: 'grid', strip: null, page, pages, perPage: maxTiles, rects, pager };
  }

  if (!items.length) {
    rects.set(main, floor({ x: 0, y: 0, width: W, height: H }));
    return { mode: 'spotlight', strip: null, page: 0, pages: 1, perPage: 0, rects, pager: null };
  }

  const beside = W >= STRIP_BESIDE_WIDTH && W >= H * 1.25;
  const fit = (length: number, tile: number) => Math.max(1, Math.floor((length + gap) / (tile + gap) + 1e-6));
  const maxStrip = Math.max(1, maxTiles - 1);
  const n = items.length;
  const minH = input.stripTile / aspect;
  // beside: a column of tiles up to 1.5x the asked width, shrunk (not below it) so that more of the others fit
  const column = (height: number) => {
    const maxH = Math.min(input.stripTile * 1.5, Math.max(input.stripTile, W * 0.16)) / aspect;
    const want = Math.min(n, maxStrip, fit(height, minH));
    const h = Math.max(minH, Math.min(maxH, (height - (want - 1) * gap) / want));
    return { w: h * aspect, h, cols: 1, perPage: Math.min(maxStrip, fit(height, h)) };
  };
  // below: rows of tiles (at least three across a phone) under a large tile as tall as its picture at full width
  const ideal = input.mainAspect && input.mainAspect > 0 ? W / input.mainAspect : Infinity;
  const rows = (height: number) => {
    const w = Math.max(96, Math.min(input.stripTile, (W - 2 * gap) / 3));
    const h = w / aspect;
    const cols = fit(W, w);
    const room = height - Math.min(ideal, height - h - gap);
    return { w, h, cols, perPage: Math.min(maxStrip, cols * Math.max(1, Math.floor(room / (h + gap) + 1e-6))) };
  };
  let strip = beside ? column(H) : rows(H);
  let { pages, page } = paging(n, strip.perPage, input.page);
  if (pages > 1) {
    strip = beside ? column(H - pagerHeight - gap) : rows(H - pagerHeight - gap);
    ({ pages, page } = paging(n, strip.perPage, input.page));
  }
  const pager = pagerFor(pages);
  const usable = pager ? H - pagerHeight - gap : H;
  const onPage = items.slice(page * strip.perPage, (page + 1) * strip.perPage);
  if (beside) {
    rects.set(main, floor({ x: 0, y: 0, width: W - strip.w - gap, height: usable }));
    stripRects(onPage, { x: W - strip.w, y: 0, width: strip.w, height: usable }, 'y', strip.w, strip.h, gap, rects);
  } else {
    const lines = Math.max(1, Math.ceil(onPage.length / strip.cols));
    const stripH = lines * strip.h + (lines - 1) * gap;
    const mainH = Math.max(0, Math.min(usable - stripH - gap, ideal));
    // the large tile and the strip as one block, centered: no empty band inside the large tile
    const top = (usable - (mainH + gap + stripH)) / 2;
    rects.set(main, floor({ x: 0, y: top, width: W, height: mainH }));
    for (let line = 0; line < lines; line++) {
      const ids = onPage.slice(line * strip.cols, (line + 1) * strip.cols);
      const y = top + mainH + gap + line * (strip.h + gap);
      stripRects(ids, { x: 0, y, width: W, height: strip.h }, 'x', strip.w, strip.h, gap, rects);
    }
  }
  return { mode: 'spotlight', strip: beside ? 'beside' : 'below', page, pages, perPage: strip.perPage, rects, pager };
}

/**
 * Brings someone who speaks onto the first page: swaps `speaker` with the tile of the first page that spoke
 * least recently (never-spoken first, then the later position). `fixed` tiles (pinned, presenting) keep their
 * place. Returns a new order, or null when nothing moves (the speaker is on the first page, or not listed).
 */
export function promoteSpeaker(
  order: readonly string[],
  speaker: string,
  perPage: number,
  lastSpoke: ReadonlyMap<string, number>,
  fixed: ReadonlySet<string> = new Set(),
): string[] | null {
  const from = order.indexOf(speaker);
  if (from < 0 || from < perPage || perPage < 1) return null;
  let to = -1;
  for (let i = 0; i < Math.min(perPage, order.length); i++) {
    if (fixed.has(order[i])) continue;
    if (to < 0 || (lastSpoke.get(order[i]) ?? 0) <= (lastSpoke.get(order[to]) ?? 0)) to = i;
  }
  if (to < 0) return null;
  const next = [...order];
  [next[to], next[from]] = [next[from], next[to]];
  return next;
}
