import { describe, expect, it } from 'vitest';
import { parseInbound } from './parse-inbound.js';
import { WechatMessageError } from './errors.js';

const head = (type: string) =>
  `<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName>\n<FromUserName><![CDATA[o9AgO5Kd5ggOC-bXrbNODIiE3bGY]]></FromUserName>\n<CreateTime>1715943329</CreateTime>\n<MsgType><![CDATA[${type}]]></MsgType>\n`;
const base = { toUserName: 'gh_97417a04a28d', fromUserName: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY', createTime: '1715943329' };
const event = (name: string, extra = '') => `${head('event')}<Event><![CDATA[${name}]]></Event>${extra}</xml>`;

describe('parseInbound: messages', () => {
  it('text, with the raw XML kept and a 64-bit MsgId as a string', () => {
    const xml = `${head('text')}<Content><![CDATA[你好 😀\n第二行]]></Content>\n<MsgId>6054768590064713728</MsgId>\n</xml>`;
    expect(parseInbound(xml)).toEqual({
      ...base,
      msgType: 'text',
      kind: 'text',
      msgId: '6054768590064713728',
      content: '你好 😀\n第二行',
      raw: xml,
    });
  });

  it('image', () => {
    const xml = `${head('image')}<PicUrl><![CDATA[http://mmbiz.qpic.cn/x]]></PicUrl><MediaId><![CDATA[m1]]></MediaId><MsgId>1</MsgId></xml>`;
    expect(parseInbound(xml)).toMatchObject({ kind: 'image', picUrl: 'http://mmbiz.qpic.cn/x', mediaId: 'm1', msgId: '1' });
  });

  it('voice with and without Recognition', () => {
    const withText = `${head('voice')}<MediaId><![CDATA[m]]></MediaId><Format><![CDATA[amr]]></Format><Recognition><![CDATA[腾讯微信团队]]></Recognition><MsgId>2</MsgId></xml>`;
    expect(parseInbound(withText)).toMatchObject({ kind: 'voice', format: 'amr', recognition: '腾讯微信团队', mediaId: 'm' });
    const plain = parseInbound(`${head('voice')}<MediaId><![CDATA[m]]></MediaId><Format><![CDATA[speex]]></Format><MsgId>3</MsgId></xml>`);
    expect(plain).not.toHaveProperty('recognition');
  });

  it('video and shortvideo', () => {
    const body = '<MediaId><![CDATA[m]]></MediaId><ThumbMediaId><![CDATA[t]]></ThumbMediaId><MsgId>4</MsgId></xml>';
    expect(parseInbound(`${head('video')}${body}`)).toMatchObject({ kind: 'video', mediaId: 'm', thumbMediaId: 't', msgId: '4' });
    expect(parseInbound(`${head('shortvideo')}${body}`)).toMatchObject({ kind: 'shortvideo', mediaId: 'm', thumbMediaId: 't' });
  });

  it('location keeps coordinates as sent', () => {
    const xml = `${head('location')}<Location_X>23.134521</Location_X><Location_Y>113.358803</Location_Y><Scale>20</Scale><Label><![CDATA[广州市]]></Label><MsgId>5</MsgId></xml>`;
    expect(parseInbound(xml)).toMatchObject({ kind: 'location', locationX: '23.134521', locationY: '113.358803', scale: '20', label: '广州市' });
  });

  it('link', () => {
    const xml = `${head('link')}<Title><![CDATA[t]]></Title><Description><![CDATA[d]]></Description><Url><![CDATA[https://x.y/?a=1&b=2]]></Url><MsgId>6</MsgId></xml>`;
    expect(parseInbound(xml)).toMatchObject({ kind: 'link', title: 't', description: 'd', url: 'https://x.y/?a=1&b=2' });
  });

  it('miniprogrampage', () => {
    const xml = `${head('miniprogrampage')}<MsgId>7</MsgId><AppId><![CDATA[wxapp]]></AppId><Title><![CDATA[T]]></Title><PagePath><![CDATA[pages/i]]></PagePath><ThumbUrl><![CDATA[u]]></ThumbUrl><ThumbMediaId><![CDATA[tm]]></ThumbMediaId></xml>`;
    expect(parseInbound(xml)).toMatchObject({
      kind: 'miniprogrampage',
      appId: 'wxapp',
      title: 'T',
      pagePath: 'pages/i',
      thumbUrl: 'u',
      thumbMediaId: 'tm',
      msgId: '7',
    });
  });

  it('an unknown MsgType keeps its text fields and raw', () => {
    const xml = `${head('newtype')}<Foo><![CDATA[bar]]></Foo><MsgId>8</MsgId></xml>`;
    expect(parseInbound(xml)).toEqual({
      ...base,
      msgType: 'newtype',
      kind: 'unknown',
      msgId: '8',
      raw: xml,
      fields: { ToUserName: base.toUserName, FromUserName: base.fromUserName, CreateTime: base.createTime, MsgType: 'newtype', Foo: 'bar', MsgId: '8' },
    });
  });

  it('refuses a message without the common fields', () => {
    expect(() => parseInbound('<xml><MsgType>text</MsgType></xml>')).toThrow(WechatMessageError);
    expect(() => parseInbound(`${head('text')}</xml>`.replace('<CreateTime>1715943329</CreateTime>', ''))).toThrow(/CreateTime/);
  });
});

describe('parseInbound: events', () => {
  it('subscribe through a parametric QR code strips qrscene_ into scene', () => {
    const xml = event('subscribe', '<EventKey><![CDATA[qrscene_123123]]></EventKey><Ticket><![CDATA[TICKET]]></Ticket>');
    expect(parseInbound(xml)).toEqual({
      ...base,
      msgType: 'event',
      kind: 'event',
      event: 'subscribe',
      eventKey: 'qrscene_123123',
      scene: '123123',
      ticket: 'TICKET',
      raw: xml,
    });
  });

  it('a plain subscribe has no scene, eventKey or ticket', () => {
    const parsed = parseInbound(event('subscribe', '<EventKey><![CDATA[]]></EventKey>'));
    expect(parsed).toMatchObject({ kind: 'event', event: 'subscribe' });
    expect(parsed).not.toHaveProperty('scene');
    expect(parsed).not.toHaveProperty('eventKey');
  });

  it('unsubscribe', () => {
    expect(parseInbound(event('unsubscribe'))).toMatchObject({ kind: 'event', event: 'unsubscribe' });
  });

  it('SCAN gives the scene as sent', () => {
    expect(parseInbound(event('SCAN', '<EventKey><![CDATA[123123]]></EventKey><Ticket><![CDATA[T]]></Ticket>'))).toMatchObject({
      event: 'SCAN',
      eventKey: '123123',
      scene: '123123',
      ticket: 'T',
    });
  });

  it('LOCATION', () => {
    expect(parseInbound(event('LOCATION', '<Latitude>23.137466</Latitude><Longitude>113.352425</Longitude><Precision>119.385040</Precision>'))).toMatchObject({
      event: 'LOCATION',
      latitude: '23.137466',
      longitude: '113.352425',
      precision: '119.385040',
    });
  });

  it('CLICK and VIEW (event names matched case-insensitively, spelled canonically)', () => {
    expect(parseInbound(event('CLICK', '<EventKey><![CDATA[V1001_TODAY_MUSIC]]></EventKey>'))).toMatchObject({ event: 'CLICK', eventKey: 'V1001_TODAY_MUSIC' });
    expect(parseInbound(event('view', '<EventKey><![CDATA[https://a.b/c]]></EventKey><MenuId>12</MenuId>'))).toMatchObject({
      event: 'VIEW',
      eventKey: 'https://a.b/c',
      menuId: '12',
    });
  });

  it('TEMPLATESENDJOBFINISH and MASSSENDJOBFINISH read MsgID (capital D)', () => {
    expect(parseInbound(event('TEMPLATESENDJOBFINISH', '<MsgID>200163836</MsgID><Status><![CDATA[success]]></Status>'))).toMatchObject({
      event: 'TEMPLATESENDJOBFINISH',
      msgId: '200163836',
      status: 'success',
    });
    const mass =
      '<MsgID>1000001625</MsgID><Status><![CDATA[err(30003)]]></Status><TotalCount>0</TotalCount><FilterCount>0</FilterCount><SentCount>0</SentCount><ErrorCount>0</ErrorCount>';
    expect(parseInbound(event('MASSSENDJOBFINISH', mass))).toMatchObject({
      event: 'MASSSENDJOBFINISH',
      msgId: '1000001625',
      status: 'err(30003)',
      totalCount: '0',
      filterCount: '0',
      sentCount: '0',
      errorCount: '0',
    });
  });

  it('an unknown event (the official debug_demo push) is kept as unknown with its event name', () => {
    const xml = event('debug_demo', '<debug_str><![CDATA[hello world]]></debug_str>');
    expect(parseInbound(xml)).toMatchObject({ kind: 'unknown', msgType: 'event', event: 'debug_demo', raw: xml, fields: { debug_str: 'hello world' } });
  });
});
