import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMPONENT, type ReceivedPush } from '../testkit/fake-relay.js';
import { callApi, componentToken, startHarness, type Harness } from '../testkit/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

const reply = (push: ReceivedPush, content: string) =>
  h.relay.encryptedReply(
    `<xml><ToUserName><![CDATA[${push.fields.FromUserName}]]></ToUserName><FromUserName><![CDATA[${push.fields.ToUserName}]]></FromUserName><CreateTime>1714550400</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[${content}]]></Content></xml>`,
  );

/** What a correct relay does for WeChat's release robot (wechat-protocol.md §6). */
async function releaseAwareAnswer(push: ReceivedPush) {
  if (push.path === '/api/wechat/component') return { body: 'success' };
  const { MsgType: type, Event: event, Content: content, FromUserName: openid } = push.fields;
  if (type === 'event') return { body: reply(push, `${event}from_callback`) };
  if (content === 'TESTCOMPONENT_MSG_TYPE_TEXT') return { body: reply(push, 'TESTCOMPONENT_MSG_TYPE_TEXT_callback') };
  if (content?.startsWith('QUERY_AUTH_CODE:')) {
    const code = content.slice('QUERY_AUTH_CODE:'.length);
    setTimeout(() => {
      void (async () => {
        const token = await componentToken(h.sim);
        const auth = await callApi(
          h.sim,
          'component/api_query_auth',
          { component_access_token: token },
          { component_appid: COMPONENT.appid, authorization_code: code },
        );
        await callApi(
          h.sim,
          'message/custom/send',
          { access_token: auth.authorization_info.authorizer_access_token },
          {
            touser: openid,
            msgtype: 'text',
            text: { content: `${code}_from_api` },
          },
        );
      })();
    }, 20);
    return { body: '' };
  }
  return { body: 'success' };
}

describe('全网发布 release robot', () => {
  it('passes a relay that answers the four cases as WeChat expects', async () => {
    h.relay.answer = releaseAwareAnswer;
    const report = await h.sim.runReleaseTest({ appid: 'wx9252c5e0bb1836fc', timeoutMs: 3000 });
    expect(report.appid).toBe('wx9252c5e0bb1836fc');
    expect(report.cases.map((c) => [c.name, c.passed])).toEqual([
      ['ticket', true],
      ['event', true],
      ['text', true],
      ['api_text', true],
    ]);
    expect(report.passed).toBe(true);
    const sent = h.sim.sent('wx9252c5e0bb1836fc');
    expect(sent).toHaveLength(1);
    expect((sent[0]?.body as { text: { content: string } }).text.content).toMatch(/^queryauthcode@@@.+_from_api$/);
  });

  it('fails a relay that only answers "success", saying why', async () => {
    const report = await h.sim.runReleaseTest({ appid: 'wx570bc396a51b8ff8', timeoutMs: 200 });
    expect(report.passed).toBe(false);
    expect(report.cases).toEqual([
      { name: 'ticket', passed: true, detail: 'answered "success"' },
      { name: 'event', passed: false, detail: 'no encrypted reply (body "success")' },
      { name: 'text', passed: false, detail: 'no encrypted reply (body "success")' },
      { name: 'api_text', passed: false, detail: expect.stringMatching(/^no customer-service message "queryauthcode@@@.+_from_api" to the test follower$/) },
    ]);
  });

  it('runs over HTTP on a random test group', async () => {
    h.relay.answer = releaseAwareAnswer;
    const response = await fetch(`${h.sim.url}/sim/release-test`, { method: 'POST', body: JSON.stringify({ timeoutMs: 3000 }) });
    const report = (await response.json()) as { appid: string; passed: boolean };
    expect(response.status).toBe(200);
    expect(['wx570bc396a51b8ff8', 'wx9252c5e0bb1836fc', 'wx8e1097c5bc82cde9', 'wx14550af28c71a144', 'wxa35b9c23cfe664eb']).toContain(report.appid);
    expect(report.passed).toBe(true);
  });
});
