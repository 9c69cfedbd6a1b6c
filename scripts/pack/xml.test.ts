import { describe, expect, it } from 'vitest';
import { el, leaf, renderXml } from './xml.js';

describe('renderXml', () => {
  it('escapes text and attributes, self-closes empty elements and writes booleans as 1/0', () => {
    const xml = renderXml(el('root', { a: 'x "y" & <z>', skipped: undefined }, leaf('flag', true), leaf('text', 'a < b & c'), el('empty')));
    expect(xml).toBe(
      '<?xml version="1.0" encoding="utf-8"?>\n<root a="x &quot;y&quot; &amp; &lt;z&gt;">\n  <flag>1</flag>\n  <text>a &lt; b &amp; c</text>\n  <empty />\n</root>\n',
    );
  });

  it('refuses an element with both text and children', () => {
    expect(() => el('mixed', {}, 'text', el('child'))).toThrow('<mixed> cannot mix text and elements');
  });
});
