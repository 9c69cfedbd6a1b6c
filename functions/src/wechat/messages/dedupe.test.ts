import { describe, expect, it } from 'vitest';
import { dedupeKey } from './dedupe.js';
import { parseInbound } from './parse-inbound.js';

const APP = 'wxba5fad812f8e6fb9';
const head = (type: string, time = '1715943329') =>
  `<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[oUser]]></FromUserName><CreateTime>${time}</CreateTime><MsgType><![CDATA[${type}]]></MsgType>`;

describe('dedupeKey', () => {
  it('messages: authorizer appid + MsgId', () => {
    const msg = parseInbound(`${head('text')}<Content>x</Content><MsgId>6054768590064713728</MsgId></xml>`);
    expect(dedupeKey(APP, msg)).toBe('wxba5fad812f8e6fb9|msg|6054768590064713728');
  });

  it('the same MsgId on another account is another key', () => {
    const msg = parseInbound(`${head('text')}<Content>x</Content><MsgId>1</MsgId></xml>`);
    expect(dedupeKey('wxother', msg)).not.toBe(dedupeKey(APP, msg));
  });

  it('events: appid + FromUserName + CreateTime + Event + EventKey, percent-encoded', () => {
    const click = parseInbound(`${head('event')}<Event>CLICK</Event><EventKey>MENU|1</EventKey></xml>`);
    expect(dedupeKey(APP, click)).toBe('wxba5fad812f8e6fb9|event|oUser|1715943329|CLICK|MENU%7C1');
    const view = parseInbound(`${head('event')}<Event>VIEW</Event><EventKey><![CDATA[https://a.b/c?d=1#e]]></EventKey></xml>`);
    expect(dedupeKey(APP, view)).toBe('wxba5fad812f8e6fb9|event|oUser|1715943329|VIEW|https%3A%2F%2Fa.b%2Fc%3Fd%3D1%23e');
  });

  it('two events in the same second differ by Event', () => {
    const a = parseInbound(`${head('event')}<Event>LOCATION</Event><Latitude>1</Latitude></xml>`);
    const b = parseInbound(`${head('event')}<Event>CLICK</Event><EventKey>k</EventKey></xml>`);
    expect(dedupeKey(APP, a)).toBe('wxba5fad812f8e6fb9|event|oUser|1715943329|LOCATION|');
    expect(dedupeKey(APP, a)).not.toBe(dedupeKey(APP, b));
  });

  it('job-finish events add MsgID', () => {
    const tpl = (id: string) => parseInbound(`${head('event')}<Event>TEMPLATESENDJOBFINISH</Event><MsgID>${id}</MsgID><Status>success</Status></xml>`);
    expect(dedupeKey(APP, tpl('11'))).toBe('wxba5fad812f8e6fb9|event|oUser|1715943329|TEMPLATESENDJOBFINISH||11');
    expect(dedupeKey(APP, tpl('11'))).not.toBe(dedupeKey(APP, tpl('12')));
  });

  it('unknown types: MsgId when present, otherwise the event rule with the raw names', () => {
    expect(dedupeKey(APP, parseInbound(`${head('newtype')}<MsgId>9</MsgId></xml>`))).toBe('wxba5fad812f8e6fb9|msg|9');
    expect(dedupeKey(APP, parseInbound(`${head('event')}<Event>kf_create_session</Event></xml>`))).toBe(
      'wxba5fad812f8e6fb9|event|oUser|1715943329|kf_create_session|',
    );
    expect(dedupeKey(APP, parseInbound(`${head('newtype')}</xml>`))).toBe('wxba5fad812f8e6fb9|event|oUser|1715943329|newtype|');
  });

  it('the key of a retried push is identical', () => {
    const xml = `${head('event')}<Event>subscribe</Event><EventKey>qrscene_7</EventKey></xml>`;
    expect(dedupeKey(APP, parseInbound(xml))).toBe(dedupeKey(APP, parseInbound(xml)));
  });
});
