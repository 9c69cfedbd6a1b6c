/**
 * The flat fast path must give exactly what the validating fast-xml-parser path gives, for every document it
 * accepts; everything else must be left to that path. Checked on hand-picked cases and on 20 000 generated
 * documents (seeded, so a failure is reproducible).
 */
import { describe, expect, it } from 'vitest';
import { WechatXmlError } from './errors.js';
import { parseFlatXml } from './flat.js';
import { parseValidated } from './parse.js';

function slow(text: string): unknown {
  try {
    return parseValidated(text);
  } catch (err) {
    if (err instanceof WechatXmlError) return `error:${err.kind}`;
    throw err;
  }
}

describe('parseFlatXml', () => {
  it('reads the usual WeChat payload', () => {
    const xml =
      '<xml><ToUserName><![CDATA[gh_1]]></ToUserName>\n<CreateTime>1715943329</CreateTime>\n<Content><![CDATA[ a\n]]]]><![CDATA[> 😀 ]]></Content>\n<Empty></Empty></xml>\n';
    expect(parseFlatXml(xml)).toEqual({ ToUserName: 'gh_1', CreateTime: '1715943329', Content: ' a\n]]> 😀 ', Empty: '' });
    expect(parseFlatXml(xml)).toEqual(slow(xml));
  });

  it.each([
    ['nested elements', '<xml><A><B>1</B></A></xml>'],
    ['repeated names', '<xml><A>1</A><A>2</A></xml>'],
    ['attributes', '<xml><A x="1">1</A></xml>'],
    ['entities', '<xml><A>a &amp; b</A></xml>'],
    ['padded text', '<xml><A> 1 </A></xml>'],
    ['CDATA then text', '<xml><A><![CDATA[x]]>y</A></xml>'],
    ['self-closing element', '<xml><A/></xml>'],
    ['declaration', '<?xml version="1.0"?><xml><A>1</A></xml>'],
    ['comment', '<xml><!-- c --><A>1</A></xml>'],
    ['reserved name', '<xml><constructor>1</constructor></xml>'],
    ['toString', '<xml><toString>1</toString></xml>'],
    ['namespaced name', '<xml><a:b>1</a:b></xml>'],
    ['mismatched close', '<xml><A>1</B></xml>'],
    ['unclosed root', '<xml><A>1</A>'],
    ['trailing text', '<xml><A>1</A></xml>x'],
    ['root text', '<xml>text</xml>'],
    ['unterminated CDATA', '<xml><A><![CDATA[x</A></xml>'],
  ])('leaves %s to the validating path', (_name, xml) => {
    expect(parseFlatXml(xml)).toBeUndefined();
  });

  it('agrees with the validating path on 20 000 generated documents', () => {
    let seed = 0x2f6b1d;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)] as T;
    const names = ['xml', 'A', 'MsgId', 'Content', 'b_1', 'x.y', 'c-d', '_', 'toString', 'Q'];
    const pieces = [
      '',
      ' ',
      '\n',
      '\r\n',
      '\t',
      'abc',
      '中文',
      '😀',
      '<',
      '>',
      '&',
      '&amp;',
      '&#20013;',
      ']]>',
      ']]',
      '<![CDATA[',
      '"',
      "'",
      '\u3000',
      '\u00a0',
      '\u0001',
      '12345678901234567890',
    ];
    const value = () => Array.from({ length: rand(4) }, () => pick(pieces)).join('');
    const space = () => pick(['', '', '\n', ' ', '\r\n', '\t ']);
    const element = (): string => {
      const name = pick(names);
      const v = value();
      const body = pick([
        () => `<![CDATA[${v.split(']]>').join(']]]]><![CDATA[>')}]]>`,
        () => v,
        () => `<![CDATA[${v.replace(/]]>/g, '')}]]><![CDATA[${value().replace(/]]>/g, '')}]]>`,
        () => '',
      ])();
      return pick([`<${name}>${body}</${name}>`, `<${name}>${body}</${name}>`, `<${name}/>`, `<${name}>${body}</${pick(names)}>`]);
    };
    let accepted = 0;
    for (let i = 0; i < 20_000; i++) {
      const root = pick(['xml', 'xml', 'root']);
      const doc = `${space()}<${root}>${Array.from({ length: rand(6) }, () => space() + element()).join('')}${space()}</${root}>${space()}`;
      const fast = parseFlatXml(doc);
      if (fast === undefined) continue;
      accepted++;
      expect({ doc, result: fast }).toEqual({ doc, result: slow(doc) });
    }
    expect(accepted).toBeGreaterThan(2_000);
  });
});
