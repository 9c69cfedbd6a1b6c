import { describe, expect, it } from 'vitest';
import { WechatXmlError } from './errors.js';
import { parseXml } from './parse.js';
import { xmlChild, xmlList, xmlText } from './read.js';

function kindOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof WechatXmlError) return err.kind;
    throw err;
  }
  return 'no error';
}

describe('parseXml', () => {
  it('returns the root children as strings, MsgId untouched (64-bit)', () => {
    const rec = parseXml('<xml><ToUserName><![CDATA[gh_1]]></ToUserName>\n<CreateTime>1409735668</CreateTime>\n<MsgId>6054768590064713728</MsgId></xml>');
    expect(rec).toEqual({ ToUserName: 'gh_1', CreateTime: '1409735668', MsgId: '6054768590064713728' });
  });

  it('keeps CDATA exactly: surrounding spaces, newlines, emoji, markup-like text', () => {
    const content = '  first line\n  second 😀 <b>&amp; <!DOCTYPE html> \n';
    expect(parseXml(`<xml><Content><![CDATA[${content}]]></Content></xml>`).Content).toBe(content);
  });

  it('joins a CDATA split around "]]>"', () => {
    expect(parseXml('<xml><C><![CDATA[a]]]]><![CDATA[>b]]></C></xml>').C).toBe('a]]>b');
  });

  it('decodes the XML entities and character references in plain text, not HTML names', () => {
    expect(parseXml('<xml><a>x &lt; y &amp;&amp; &quot;q&quot; &#20013;&#x1F600;</a><b>&nbsp;</b></xml>')).toEqual({
      a: 'x < y && "q" 中😀',
      b: '&nbsp;',
    });
  });

  it('turns repeated elements into arrays, and reads them with xmlList/xmlChild/xmlText', () => {
    const rec = parseXml('<xml><Articles><item><Title>a</Title></item><item><Title>b</Title></item></Articles><One><item><Title>c</Title></item></One></xml>');
    const articles = xmlChild(rec, 'Articles')!;
    expect(xmlList(articles, 'item')).toEqual([{ Title: 'a' }, { Title: 'b' }]);
    expect(xmlList(xmlChild(rec, 'One')!, 'item')).toEqual([{ Title: 'c' }]);
    expect(xmlText(rec, 'Articles')).toBeUndefined();
    expect(xmlText(rec, 'missing')).toBeUndefined();
    expect(xmlText(parseXml('<xml><MsgId>1</MsgId><MsgId>2</MsgId></xml>'), 'MsgId')).toBe('1');
  });

  it('gives empty elements as empty strings and an empty root as {}', () => {
    expect(parseXml('<xml><a></a><b/></xml>')).toEqual({ a: '', b: '' });
    expect(parseXml('<xml/>')).toEqual({});
  });

  it('accepts an XML declaration and comments', () => {
    expect(parseXml('<?xml version="1.0" encoding="utf-8"?>\n<xml><!-- note --><a>1</a></xml>')).toEqual({ a: '1' });
  });

  it('does not read a prototype-polluting property name as data', () => {
    const rec = parseXml('<xml><a>1</a></xml>');
    expect(xmlText(rec, 'toString')).toBeUndefined();
    expect(kindOf(() => parseXml('<xml><__proto__><x>1</x></__proto__></xml>'))).toBe('malformed');
  });
});

describe('parseXml refusals', () => {
  it.each([
    ['DOCTYPE', '<!DOCTYPE xml><xml><a>1</a></xml>'],
    ['lowercase doctype', '<!doctype xml><xml/>'],
    ['internal entity', '<!DOCTYPE x [<!ENTITY e "boom">]><xml><a>&e;</a></xml>'],
    ['billion laughs', '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><xml>&lol2;</xml>'],
    ['external entity', '<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><xml><a>&xxe;</a></xml>'],
    ['declaration after a comment', '<!-- hi --><!DOCTYPE x><xml/>'],
  ])('refuses %s as doctype', (_name, xml) => {
    expect(kindOf(() => parseXml(xml))).toBe('doctype');
  });

  it('does not mistake "<!DOCTYPE" inside CDATA or a comment for a declaration', () => {
    expect(parseXml('<xml><!-- <!DOCTYPE x> --><a><![CDATA[<!ENTITY x "y">]]></a></xml>')).toEqual({ a: '<!ENTITY x "y">' });
  });

  it('counts the size limit in UTF-8 bytes', () => {
    const body = (n: number) => `<xml><a><![CDATA[${'中'.repeat(n)}]]></a></xml>`; // 3 bytes per 中, 30 bytes of markup
    expect(body(10)).toHaveLength(40);
    expect(parseXml(body(10), { maxBytes: 60 }).a).toBe('中'.repeat(10));
    expect(kindOf(() => parseXml(body(10), { maxBytes: 59 }))).toBe('too-large');
    expect(kindOf(() => parseXml(body(11), { maxBytes: 60 }))).toBe('too-large');
    expect(kindOf(() => parseXml(`<xml><a>${'x'.repeat(64 * 1024)}</a></xml>`))).toBe('too-large');
    expect(parseXml(`<xml><a>${'x'.repeat(60 * 1024)}</a></xml>`).a).toHaveLength(60 * 1024);
  });

  it.each([
    ['unclosed root', '<xml><a>1</a>'],
    ['mismatched tags', '<xml><a>1</b></xml>'],
    ['two roots', '<xml><a>1</a></xml><xml><a>2</a></xml>'],
    ['trailing garbage', '<xml><a>1</a></xml>garbage'],
    ['not XML', 'not xml at all'],
    ['empty string', ''],
    ['JSON', '{"a":1}'],
    ['text root', '<xml>just text</xml>'],
    ['unterminated CDATA', '<xml><a><![CDATA[x</a></xml>'],
  ])('refuses %s as malformed', (_name, xml) => {
    expect(kindOf(() => parseXml(xml))).toBe('malformed');
  });

  it('does not echo the document in the error message', () => {
    try {
      parseXml('<xml><secret>hunter2</secret>');
      throw new Error('nothing thrown');
    } catch (err) {
      expect((err as Error).message).not.toContain('hunter2');
    }
  });
});
