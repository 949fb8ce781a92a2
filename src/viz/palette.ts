// Categorical colours for identities. The first ten are Tableau 10; the next ten are darker or
// more saturated tones chosen to differ from all of them in hue or lightness, so 20 identities
// stay distinguishable on white. Past 20, hues step by the golden angle with alternating
// lightness: still distinct from their neighbours, no longer guaranteed from every colour.

const base = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
  '#000000', '#393b79', '#ffd92f', '#843c39', '#637939', '#7b4173', '#a6cee3', '#b15928', '#00a087', '#fb9a99',
];

/** Colour of the i-th category (0-based). */
export function categoricalColour(index: number): string {
  if (index < base.length) return base[index]!;
  const hue = Math.round((index * 137.508) % 360);
  return `hsl(${hue}, 70%, ${index % 2 === 0 ? 38 : 55}%)`;
}
