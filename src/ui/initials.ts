/**
 * Up to two letters for a placeholder, from a name: the first letters of its first and last words ("Ada Lovelace"
 * and "ada.lovelace" -> "AL", "alice" -> "A", "王小明" -> "王"). By code point, so an emoji stays whole. The result
 * is text: render it as text, never as markup.
 */
export function initialsOf(name: string): string {
  const words = name
    .trim()
    .split(/[\s._@-]+/u)
    .filter(Boolean);
  if (!words.length) return '';
  const first = [...words[0]][0] ?? '';
  const last = words.length > 1 ? ([...words[words.length - 1]][0] ?? '') : '';
  return (first + last).toLocaleUpperCase();
}
