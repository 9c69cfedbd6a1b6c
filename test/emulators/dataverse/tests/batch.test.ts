import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamicsWebApi } from 'dynamics-web-api';
import type { DataverseEmulator } from '../index.js';
import { INBOUND } from './fixture-schema.js';
import { client, start } from './harness.js';

let dv: DataverseEmulator;
let api: DynamicsWebApi;
let account: string;

beforeAll(async () => {
  dv = await start();
  api = client(dv);
  account = dv.insert('wxm_officialaccounts', { wxm_name: 'A', wxm_appid: 'wxbatch' });
});
afterAll(() => dv.close());

const bind = () => ({ 'wxm_OfficialAccountId@odata.bind': `/wxm_officialaccounts(${account})` });
const messages = (msgid: string) => dv.rows('wxm_message').filter((m) => m.wxm_wechatmsgid === msgid);

describe('$batch through dynamics-web-api', () => {
  it('runs a change set with a Content-ID reference and returns one result per operation', async () => {
    api.startBatch();
    void api.create({ collection: 'wxm_followers', data: { wxm_name: 'Han Meimei', wxm_openid: 'o-b1', ...bind() }, contentId: '1' });
    void api.create({ collection: 'wxm_messages', data: { wxm_wechatmsgid: 'm-b1', wxm_direction: INBOUND, 'wxm_FollowerId@odata.bind': '$1', ...bind() } });
    void api.upsert({
      collection: 'wxm_followers',
      key: `wxm_openid='o-b2',_wxm_officialaccountid_value=${account}`,
      data: { wxm_name: 'Upserted', ...bind() },
    });
    const results = await api.executeBatch();
    expect(results).toHaveLength(3);
    const [followerId, messageId, upserted] = results as string[];
    expect(messageId).toMatch(/^[0-9a-f-]{36}$/);
    expect(upserted).toMatch(/^[0-9a-f-]{36}$/);
    expect(messages('m-b1')[0]?._wxm_followerid_value).toBe(followerId);
  });

  it('a failing change set leaves nothing behind; other parts still run with continue-on-error', async () => {
    // Change set 1 (two creates, the second a key conflict with the first) fails; the GET outside it runs.
    api.startBatch();
    void api.create({ collection: 'wxm_messages', data: { wxm_wechatmsgid: 'm-dup', wxm_direction: INBOUND, ...bind() } });
    void api.create({ collection: 'wxm_messages', data: { wxm_wechatmsgid: 'm-dup', wxm_direction: INBOUND, ...bind() } });
    void api.retrieveMultiple({ collection: 'wxm_officialaccounts', select: ['wxm_appid'] });
    const results = await api.executeBatch({ continueOnError: true });
    expect(results).toHaveLength(2);
    // Inside a batch, dynamics-web-api keeps Dataverse's body as `error.error` (unlike top-level calls).
    const [error, query] = results as [{ status: number; error: { code: string } }, { value: { wxm_appid: string }[] }];
    expect(error).toBeInstanceOf(Error);
    expect([error.status, error.error.code]).toEqual([412, '0x80060892']);
    expect(query.value.map((a) => a.wxm_appid)).toEqual(['wxbatch']);
    expect(messages('m-dup')).toHaveLength(0);
  });

  it('without continue-on-error the batch stops at the failure and answers its status', async () => {
    api.startBatch();
    void api.create({ collection: 'wxm_messages', data: { wxm_wechatmsgid: 'm-stop-1', wxm_direction: INBOUND, ...bind() } });
    void api.create({ collection: 'wxm_messages', data: { wxm_content: 5 } });
    let rejected: unknown;
    try {
      await api.executeBatch();
    } catch (e) {
      rejected = e;
    }
    expect(Array.isArray(rejected)).toBe(true);
    expect((rejected as { status: number; error: { code: string } }[])[0]).toMatchObject({ status: 400, error: { code: '0x80048d19' } });
    expect(messages('m-stop-1')).toHaveLength(0);
    expect(dv.requestLog().at(-1)?.status).toBe(400);
  });

  it('runs parts outside change sets one by one (inChangeSet: false)', async () => {
    api.startBatch();
    void api.create({ collection: 'wxm_messages', data: { wxm_wechatmsgid: 'm-single-1', wxm_direction: INBOUND, ...bind() } });
    void api.create({ collection: 'wxm_messages', data: { wxm_wechatmsgid: 'm-single-1', wxm_direction: INBOUND, ...bind() } });
    void api.create({ collection: 'wxm_messages', data: { wxm_wechatmsgid: 'm-single-2', wxm_direction: INBOUND, ...bind() } });
    const results = await api.executeBatch({ inChangeSet: false, continueOnError: true });
    expect(results).toHaveLength(3);
    expect((results[1] as { status: number }).status).toBe(412);
    expect(messages('m-single-1')).toHaveLength(1);
    expect(messages('m-single-2')).toHaveLength(1);
  });
});

describe('$batch wire format', () => {
  const post = (body: string, boundary = 'batch_x', headers: Record<string, string> = {}) =>
    fetch(`${dv.serviceRoot}$batch`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${dv.issueToken()}`, 'Content-Type': `multipart/mixed; boundary=${boundary}`, ...headers },
      body,
    });

  it('answers with batchresponse_/changesetresponse_ parts, Content-IDs and OData-EntityId', async () => {
    const body = [
      '--batch_x',
      'Content-Type: multipart/mixed; boundary=changeset_y',
      '',
      '--changeset_y',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 7',
      '',
      'POST /api/data/v9.2/wxm_followers HTTP/1.1',
      'Content-Type: application/json; type=entry',
      '',
      '{"wxm_name":"wire","wxm_openid":"o-wire"}',
      '--changeset_y',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 8',
      '',
      'PATCH $7 HTTP/1.1',
      'Content-Type: application/json',
      '',
      '{"wxm_unionid":"u-wire"}',
      '--changeset_y--',
      '--batch_x--',
      '',
    ].join('\r\n');
    const res = await post(body);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^multipart\/mixed; boundary=batchresponse_/);
    expect(text).toMatch(
      /--changesetresponse_[0-9a-f-]+\r\nContent-Type: application\/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 7\r\n\r\nHTTP\/1.1 204 No Content\r\n/,
    );
    expect(text).toMatch(/OData-EntityId: http:\/\/127\.0\.0\.1:\d+\/api\/data\/v9\.2\/wxm_followers\([0-9a-f-]{36}\)/);
    expect(dv.rows('wxm_follower').find((f) => f.wxm_openid === 'o-wire')?.wxm_unionid).toBe('u-wire');
  });

  const failingChangeSet = [
    '--batch_x',
    'Content-Type: multipart/mixed; boundary=changeset_f',
    '',
    '--changeset_f',
    'Content-Type: application/http',
    'Content-Transfer-Encoding: binary',
    'Content-ID: 1',
    '',
    'POST /api/data/v9.2/wxm_followers HTTP/1.1',
    'Content-Type: application/json',
    '',
    '{"wxm_name":"ok","wxm_openid":"o-cs-1"}',
    '--changeset_f',
    'Content-Type: application/http',
    'Content-Transfer-Encoding: binary',
    'Content-ID: 2',
    '',
    'POST /api/data/v9.2/wxm_followers HTTP/1.1',
    'Content-Type: application/json',
    '',
    '{"wxm_nosuchcolumn":"x"}',
    '--changeset_f',
    'Content-Type: application/http',
    'Content-Transfer-Encoding: binary',
    'Content-ID: 3',
    '',
    'POST /api/data/v9.2/wxm_followers HTTP/1.1',
    'Content-Type: application/json',
    '',
    '{"wxm_name":"never","wxm_openid":"o-cs-3"}',
    '--changeset_f--',
  ];

  it('answers a failed change set with a nested changeset response holding only the failing part and its Content-ID', async () => {
    const res = await post([...failingChangeSet, '--batch_x--', ''].join('\r\n'), 'batch_x', { Prefer: 'odata.continue-on-error' });
    const text = await res.text();
    expect(res.status).toBe(200);
    const parts = text.split(/\r\n--changesetresponse_[0-9a-f-]+/);
    // batch part header + one changeset part + the closing delimiter: one response, not three.
    expect(parts).toHaveLength(3);
    expect(text).toMatch(
      /^--batchresponse_[0-9a-f-]+\r\nContent-Type: multipart\/mixed; boundary=changesetresponse_[0-9a-f-]+\r\n\r\n--changesetresponse_[0-9a-f-]+\r\nContent-Type: application\/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 2\r\n\r\nHTTP\/1.1 400 Bad Request\r\n/,
    );
    expect(text).toContain('"code":"0x0"');
    expect(text).not.toMatch(/Content-ID: [13]\r\n/);
    expect(dv.rows('wxm_follower').filter((f) => String(f.wxm_openid).startsWith('o-cs-'))).toEqual([]);
  });

  it('a non-200 $batch (no continue-on-error) still has a multipart body to read, ending with the failure', async () => {
    const body = [...failingChangeSet, '--batch_x', 'Content-Type: application/http', '', 'GET wxm_followers?$top=1 HTTP/1.1', '', '', '--batch_x--', ''].join(
      '\r\n',
    );
    const res = await post(body);
    const text = await res.text();
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^multipart\/mixed; boundary=batchresponse_/);
    expect(text).toMatch(/Content-ID: 2\r\n\r\nHTTP\/1.1 400 Bad Request\r\n/);
    // Processing stopped at the failed change set: the GET after it was never answered.
    expect(text).not.toContain('HTTP/1.1 200 OK');
    expect(text.trimEnd()).toMatch(/--changesetresponse_[0-9a-f-]+--\r\n--batchresponse_[0-9a-f-]+--$/);
  });

  it('rejects a malformed batch and an unknown Content-ID reference with 400', async () => {
    const noBoundary = await fetch(`${dv.serviceRoot}$batch`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${dv.issueToken()}`, 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(noBoundary.status).toBe(400);
    const unterminated = await post('--batch_x\r\nContent-Type: application/http\r\n\r\nGET wxm_followers HTTP/1.1\r\n\r\n');
    expect(unterminated.status).toBe(400);
    const ref = await post(
      [
        '--batch_x',
        'Content-Type: multipart/mixed; boundary=cs',
        '',
        '--cs',
        'Content-Type: application/http',
        'Content-ID: 1',
        '',
        'PATCH $9 HTTP/1.1',
        'Content-Type: application/json',
        '',
        '{}',
        '--cs--',
        '--batch_x--',
        '',
      ].join('\r\n'),
    );
    expect(ref.status).toBe(400);
    expect(await ref.text()).toContain("Content-ID Reference: '$9' does not exist in the batch context.");
  });

  it('refuses more than 1000 operations', async () => {
    const part = ['--batch_x', 'Content-Type: application/http', '', 'GET wxm_followers?$top=1 HTTP/1.1', '', ''].join('\r\n');
    const res = await post(`${part.repeat(1001)}--batch_x--\r\n`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toContain('exceeds the limit of 1000');
  });
});
