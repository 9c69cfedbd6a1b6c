import { describe, expect, it } from 'vitest';
import { buildXml, parseXml, XmlParseError } from './xml.js';

describe('buildXml', () => {
  it('puts strings in CDATA and numbers bare, skipping undefined', () => {
    expect(buildXml({ ToUserName: 'gh_1', CreateTime: 1714000000, MsgId: undefined, Content: 'a<b' })).toBe(
      '<xml><ToUserName><![CDATA[gh_1]]></ToUserName><CreateTime>1714000000</CreateTime><Content><![CDATA[a<b]]></Content></xml>',
    );
  });

  it('splits a literal ]]> across CDATA sections and parses it back', () => {
    const xml = buildXml({ Content: 'x]]>y' });
    expect(xml).toBe('<xml><Content><![CDATA[x]]]]><![CDATA[>y]]></Content></xml>');
    expect(parseXml(xml).fields.Content).toBe('x]]>y');
  });

  it('nests objects and repeats arrays', () => {
    expect(buildXml({ Articles: { item: [{ Title: 'a' }, { Title: 'b' }] } })).toBe(
      '<xml><Articles><item><Title><![CDATA[a]]></Title></item><item><Title><![CDATA[b]]></Title></item></Articles></xml>',
    );
  });
});

describe('parseXml', () => {
  it('reads the official sample with newlines, a prolog and entities', () => {
    const xml =
      '<?xml version="1.0"?>\n<xml><ToUserName><![CDATA[gh_10f6c3c3ac5a]]></ToUserName>\n<CreateTime>1409735668</CreateTime>\n<Content>a &amp; b</Content>\n</xml>';
    expect(parseXml(xml)).toEqual({ rootName: 'xml', fields: { ToUserName: 'gh_10f6c3c3ac5a', CreateTime: '1409735668', Content: 'a & b' } });
  });

  it('reads nested replies (image, news items)', () => {
    const { fields } = parseXml(
      '<xml><Image><MediaId><![CDATA[m1]]></MediaId></Image><Articles><item><Title>a</Title></item><item><Title>b</Title></item></Articles></xml>',
    );
    expect(fields).toEqual({ Image: { MediaId: 'm1' }, Articles: { item: [{ Title: 'a' }, { Title: 'b' }] } });
  });

  it.each(['<xml><a></xml>', '<xml>', 'success', '<xml></xml>trailing'])('rejects %j', (text) => {
    expect(() => parseXml(text)).toThrow(XmlParseError);
  });
});
