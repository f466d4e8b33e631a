// What a person sees, read from the DOM: where the focus is, and how well text stands out. Shared by the element
// and accessibility tests.

/** The focused element, looking through open shadow roots. */
export function deepActive(): Element | null {
  let node = document.activeElement;
  while (node?.shadowRoot?.activeElement) node = node.shadowRoot.activeElement;
  return node;
}

const rgb = (color: string) => {
  const m = color.match(/rgba?\(([^)]+)\)/);
  if (!m) throw new Error(`not an rgb colour: ${color}`);
  const [r, g, b, a = '1'] = m[1].split(/[\s,/]+/).filter(Boolean);
  return [Number(r), Number(g), Number(b), Number(a)];
};
const over = (top: number[], bottom: number[]) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3]));
const luminance = (c: number[]) =>
  c
    .map((v) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
    .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);

/** WCAG contrast of a node's text on what is behind it (its and its ancestors' backgrounds over `page`). */
export function contrast(node: Element, page = [255, 255, 255]): number {
  const layers: number[][] = [];
  for (let n: Node | null = node; n && layers.at(-1)?.[3] !== 1; n = n instanceof ShadowRoot ? n.host : n.parentNode)
    if (n instanceof Element && rgb(getComputedStyle(n).backgroundColor)[3] > 0) layers.push(rgb(getComputedStyle(n).backgroundColor));
  const bg = layers.reverse().reduce((below, layer) => over(layer, below), page);
  const [hi, lo] = [luminance(over(rgb(getComputedStyle(node).color), bg)), luminance(bg)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
