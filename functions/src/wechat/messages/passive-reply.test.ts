import { describe, expect, it } from 'vitest';
import { parseXml } from '../xml/parse.js';
import { buildPassiveReply } from './passive-reply.js';

const to = { toUser: 'oUser', fromUser: 'gh_1', createTime: 1713424427 };
const head = '<xml><ToUserName><![CDATA[oUser]]></ToUserName><FromUserName><![CDATA[gh_1]]></FromUserName><CreateTime>1713424427</CreateTime>';

describe('buildPassiveReply', () => {
  it('text', () => {
    expect(buildPassiveReply({ type: 'text', content: 'TESTCOMPONENT_MSG_TYPE_TEXT_callback' }, to)).toBe(
      `${head}<MsgType><![CDATA[text]]></MsgType><Content><![CDATA[TESTCOMPONENT_MSG_TYPE_TEXT_callback]]></Content></xml>`,
    );
  });

  it('image and voice', () => {
    expect(buildPassiveReply({ type: 'image', mediaId: 'm1' }, to)).toBe(
      `${head}<MsgType><![CDATA[image]]></MsgType><Image><MediaId><![CDATA[m1]]></MediaId></Image></xml>`,
    );
    expect(buildPassiveReply({ type: 'voice', mediaId: 'm2' }, to)).toBe(
      `${head}<MsgType><![CDATA[voice]]></MsgType><Voice><MediaId><![CDATA[m2]]></MediaId></Voice></xml>`,
    );
  });

  it('video and music', () => {
    expect(buildPassiveReply({ type: 'video', mediaId: 'v', title: 'T', description: 'D' }, to)).toBe(
      `${head}<MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[v]]></MediaId><Title><![CDATA[T]]></Title><Description><![CDATA[D]]></Description></Video></xml>`,
    );
    expect(buildPassiveReply({ type: 'music', title: 'S', musicUrl: 'http://m', hqMusicUrl: 'http://hq', thumbMediaId: 't' }, to)).toBe(
      `${head}<MsgType><![CDATA[music]]></MsgType><Music><Title><![CDATA[S]]></Title><MusicUrl><![CDATA[http://m]]></MusicUrl><HQMusicUrl><![CDATA[http://hq]]></HQMusicUrl><ThumbMediaId><![CDATA[t]]></ThumbMediaId></Music></xml>`,
    );
  });

  it('news with ArticleCount and items', () => {
    const xml = buildPassiveReply({ type: 'news', articles: [{ title: 'A', description: 'd', picUrl: 'p', url: 'u' }, { title: 'B' }] }, to);
    expect(xml).toBe(
      `${head}<MsgType><![CDATA[news]]></MsgType><ArticleCount>2</ArticleCount><Articles>` +
        '<item><Title><![CDATA[A]]></Title><Description><![CDATA[d]]></Description><PicUrl><![CDATA[p]]></PicUrl><Url><![CDATA[u]]></Url></item>' +
        '<item><Title><![CDATA[B]]></Title></item></Articles></xml>',
    );
    expect(() => buildPassiveReply({ type: 'news', articles: [] }, to)).toThrow(RangeError);
    expect(() => buildPassiveReply({ type: 'news', articles: Array(9).fill({ title: 'x' }) }, to)).toThrow(RangeError);
  });

  it('transfer_customer_service, with and without an agent', () => {
    expect(buildPassiveReply({ type: 'transfer_customer_service' }, to)).toBe(`${head}<MsgType><![CDATA[transfer_customer_service]]></MsgType></xml>`);
    expect(buildPassiveReply({ type: 'transfer_customer_service', kfAccount: 'test1@test' }, to)).toBe(
      `${head}<MsgType><![CDATA[transfer_customer_service]]></MsgType><TransInfo><KfAccount><![CDATA[test1@test]]></KfAccount></TransInfo></xml>`,
    );
  });

  it('round-trips awkward content through the parser', () => {
    const content = '回复 ]]> <xml> & 😀\n';
    expect(parseXml(buildPassiveReply({ type: 'text', content }, to)).Content).toBe(content);
  });

  it('accepts createTime as a digit string and refuses anything else', () => {
    expect(buildPassiveReply({ type: 'text', content: 'x' }, { ...to, createTime: '1713424427' })).toContain('<CreateTime>1713424427</CreateTime>');
    expect(() => buildPassiveReply({ type: 'text', content: 'x' }, { ...to, createTime: '17<a>' })).toThrow(TypeError);
    expect(() => buildPassiveReply({ type: 'text', content: 'x' }, { ...to, createTime: 1.5 })).toThrow(TypeError);
  });
});
