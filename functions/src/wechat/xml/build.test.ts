import { describe, expect, it } from 'vitest';
import { buildXml, cdata } from './build.js';
import { parseXml } from './parse.js';

describe('buildXml', () => {
  it('writes strings in CDATA, numbers bare, nested records and repeated items, skipping undefined', () => {
    expect(buildXml({ ToUserName: 'o1', CreateTime: 1713424427, Skip: undefined, Articles: { item: [{ Title: 'a' }, { Title: 'b' }] } })).toBe(
      '<xml><ToUserName><![CDATA[o1]]></ToUserName><CreateTime>1713424427</CreateTime>' +
        '<Articles><item><Title><![CDATA[a]]></Title></item><item><Title><![CDATA[b]]></Title></item></Articles></xml>',
    );
  });

  it('splits "]]>" so the text round-trips exactly', () => {
    const text = 'a]]>b]]>]]>c <tag> & 😀';
    expect(cdata('x]]>y')).toBe('<![CDATA[x]]]]><![CDATA[>y]]>');
    expect(parseXml(buildXml({ Content: text })).Content).toBe(text);
  });

  it('drops characters XML 1.0 cannot carry, keeps tabs and newlines', () => {
    expect(parseXml(buildXml({ Content: 'a\u0000b\u0008c\td\ne' })).Content).toBe('abc\td\ne');
  });

  it('refuses unsafe element names and non-finite numbers', () => {
    expect(() => buildXml({ 'a><b': 'x' })).toThrow(TypeError);
    expect(() => buildXml({ n: Number.NaN })).toThrow(TypeError);
    expect(() => buildXml({}, 'bad root')).toThrow(TypeError);
  });
});
