// Test helpers for SVG strings: a small well-formedness check (balanced tags, quoted
// attributes, escaped text) and counting of marks by class.
import assert from 'node:assert/strict';

export function assertWellFormed(svg: string): void {
  assert.match(svg, /^<svg[\s>]/, 'starts with <svg');
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w:-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let match = tag.exec(svg); match; match = tag.exec(svg)) {
    const between = svg.slice(last, match.index);
    assert.ok(!/[<>]/.test(between), `stray markup before offset ${match.index}: ${between.slice(0, 60)}`);
    assert.ok(!/&(?!(amp|lt|gt|quot|apos|#\d+);)/.test(between), `unescaped & in text near offset ${match.index}`);
    last = tag.lastIndex;
    const [, closing, name, , selfClosing] = match;
    if (closing) assert.equal(stack.pop(), name, `closing </${name}> at ${match.index}`);
    else if (!selfClosing) stack.push(name!);
  }
  assert.equal(svg.slice(last).trim(), '', 'nothing after the last tag');
  assert.deepEqual(stack, [], 'all tags closed');
}

export function countClass(svg: string, className: string): number {
  return (svg.match(new RegExp(`class="${className}"`, 'g')) ?? []).length;
}
