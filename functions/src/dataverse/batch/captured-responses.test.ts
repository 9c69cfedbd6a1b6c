/**
 * runBatch against response bodies shaped as real Dataverse sends them (no emulator in between), so the parser is
 * held to Dataverse's wire format, not to the emulator's:
 * - a failed change set: a nested changesetresponse holding only the failing part, with its Content-ID (shape of a
 *   response captured from a real org and published with Cblx.EntityFrameworkCore.Dataverse:
 *   `Content-ID: 1` / `HTTP/1.1 404 Not Found` / `{"error":{"code":"0x80060888",…}}`);
 * - a $batch stopped at its first failure: HTTP 400 with a multipart body whose last part is the failure
 *   (the "Handling errors" example of
 *   https://learn.microsoft.com/power-apps/developer/data-platform/webapi/execute-batch-operations-using-web-api#handling-errors);
 * - a create-only upsert that finds its row: 412 0x80040237 "A record with matching key values already exists."
 *   (a response captured from a real org in microsoft/powerapps-tools#606).
 */
import { describe, expect, it } from 'vitest';
import type { WriteOperation } from '../types.js';
import { runBatch, type BatchContext } from './run.js';

const ROOT = 'https://contoso.crm.dynamics.com/api/data/v9.2/';
const CRLF = '\r\n';

function answering(status: number, body: string, contentType = 'multipart/mixed; boundary=batchresponse_b4c45a7a-bf5c-40ac-8911-8e8a1d5c4a6e') {
  const sent: string[] = [];
  const ctx: BatchContext = {
    serviceRoot: ROOT,
    host: 'contoso.crm.dynamics.com',
    token: async () => 'token',
    fetch: async (_url, init) => {
      sent.push(String(init?.body ?? ''));
      return new Response(body, { status, headers: { 'Content-Type': contentType, 'OData-Version': '4.0' } });
    },
    clock: () => 0,
    timeoutMs: 5_000,
    maxOperations: 1000,
    paced: (send) => send(),
  };
  return { ctx, sent };
}

const follower: WriteOperation = {
  kind: 'upsert',
  entitySet: 'wxm_followers',
  key: "wxm_openid='o1',_wxm_officialaccountid_value=00000000-0000-0000-0000-0000000000a1",
  data: { wxm_openid: 'o1' },
  ifNoneMatch: true,
};
const message: WriteOperation = {
  kind: 'upsert',
  entitySet: 'wxm_messages',
  key: "_wxm_officialaccountid_value=00000000-0000-0000-0000-0000000000a1,wxm_wechatmsgid='m1'",
  data: { wxm_wechatmsgid: 'm1' },
  ifNoneMatch: true,
};
const note: WriteOperation = { kind: 'create', entitySet: 'annotations', data: { subject: 'WeChat image' } };

const MATCHING_KEY = '{"error":{"code":"0x80040237","message":"A record with matching key values already exists."}}';

/** A batch response whose one item is a failed change set, answered the way a real org answers it. */
const failedChangeSet = (contentId: string, status: string, json: string) =>
  [
    '--batchresponse_b4c45a7a-bf5c-40ac-8911-8e8a1d5c4a6e',
    'Content-Type: multipart/mixed; boundary=changesetresponse_77a8eaf7-e71a-44fe-a96f-d8c9bb55dec0',
    '',
    '--changesetresponse_77a8eaf7-e71a-44fe-a96f-d8c9bb55dec0',
    'Content-Type: application/http',
    'Content-Transfer-Encoding: binary',
    `Content-ID: ${contentId}`,
    '',
    `HTTP/1.1 ${status}`,
    'Content-Type: application/json; odata.metadata=minimal',
    'OData-Version: 4.0',
    '',
    json,
    '--changesetresponse_77a8eaf7-e71a-44fe-a96f-d8c9bb55dec0--',
  ].join(CRLF);

describe('runBatch reads failed change sets as real Dataverse answers them', () => {
  it('the failure goes to the operation named by Content-ID; the others are rolled back, not transient', async () => {
    // The message was delivered earlier (its row exists); the follower row was deleted since, so only the message fails.
    const { ctx, sent } = answering(
      200,
      `${failedChangeSet('2', '412 Precondition Failed', MATCHING_KEY)}${CRLF}--batchresponse_b4c45a7a-bf5c-40ac-8911-8e8a1d5c4a6e--${CRLF}`,
    );
    const [outcomes] = await runBatch(ctx, [[follower, message, note]]);
    expect(sent[0]).toMatch(/Content-ID: 1\r\n\r\nPATCH https:\/\/contoso\.crm\.dynamics\.com\/api\/data\/v9\.2\/wxm_followers/);
    expect(sent[0]).toMatch(/Content-ID: 2\r\n\r\nPATCH https:\/\/contoso\.crm\.dynamics\.com\/api\/data\/v9\.2\/wxm_messages/);
    expect(outcomes).toEqual([
      {
        ok: false,
        error: {
          kind: 'conflict',
          status: 412,
          code: 'RolledBack',
          message: 'Not written: operation 2 of this change set failed (0x80040237: A record with matching key values already exists.)',
        },
      },
      { ok: false, error: { kind: 'conflict', status: 412, code: '0x80040237', message: 'A record with matching key values already exists.' } },
      {
        ok: false,
        error: {
          kind: 'conflict',
          status: 412,
          code: 'RolledBack',
          message: 'Not written: operation 2 of this change set failed (0x80040237: A record with matching key values already exists.)',
        },
      },
    ]);
  });

  it("a 404 of the first operation (the captured response) is that operation's; the second is rolled back", async () => {
    const json = '{"error":{"code":"0x80060888","message":"Resource not found for the segment \'xxxxxxx\'."}}';
    const { ctx } = answering(200, `${failedChangeSet('1', '404 Not Found', json)}${CRLF}--batchresponse_b4c45a7a-bf5c-40ac-8911-8e8a1d5c4a6e--${CRLF}`);
    const [outcomes] = await runBatch(ctx, [[note, { ...note, data: { subject: 'second' } }]]);
    expect(outcomes?.map((o) => (o.ok ? 'ok' : `${o.error.kind} ${o.error.status} ${o.error.code}`))).toEqual([
      'not-found 404 0x80060888',
      'not-found 404 RolledBack',
    ]);
  });

  it('a non-200 $batch is read from its multipart body: answered items keep their outcome, items after the failure were not run', async () => {
    const body = [
      '--batchresponse_b4c45a7a-bf5c-40ac-8911-8e8a1d5c4a6e',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'HTTP/1.1 204 No Content',
      'OData-Version: 4.0',
      `Location: ${ROOT}annotations(d31ba648-c592-ed11-aad1-000d3a993550)`,
      `OData-EntityId: ${ROOT}annotations(d31ba648-c592-ed11-aad1-000d3a993550)`,
      '',
      '',
      failedChangeSet(
        '1',
        '400 Bad Request',
        '{"error":{"code":"0x80044331","message":"A validation error occurred.  The length of the \'subject\' attribute of the \'annotation\' entity exceeded the maximum allowed length of \'500\'."}}',
      ),
      '--batchresponse_b4c45a7a-bf5c-40ac-8911-8e8a1d5c4a6e--',
      '',
    ].join(CRLF);
    const { ctx } = answering(400, body);
    const outcomes = await runBatch(ctx, [[note], [note, { ...note, data: { subject: 'x' } }], [note]]);
    expect(outcomes[0]).toEqual([{ ok: true, id: 'd31ba648-c592-ed11-aad1-000d3a993550' }]);
    expect(outcomes[1]?.map((o) => (o.ok ? 'ok' : `${o.error.kind} ${o.error.code}`))).toEqual(['invalid 0x80044331', 'invalid RolledBack']);
    expect(outcomes[2]).toEqual([
      {
        ok: false,
        error: { kind: 'transient', status: 0, code: 'NotExecuted', message: 'Dataverse did not run this change set (the $batch stopped before it).' },
      },
    ]);
  });

  it('the documented 400 BadRequest $batch (no continue-on-error): the first request has the error, the rest did not run', async () => {
    const body = [
      '--batchresponse_156da4b8-cd2c-4862-a911-4aaab97c001a',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'HTTP/1.1 400 Bad Request',
      'REQ_ID: 5ecd1cb3-1730-4ffc-909c-d44c22270026',
      'Content-Type: application/json; odata.metadata=minimal',
      'OData-Version: 4.0',
      '',
      '{"error":{"code":"0x80044331","message":"A validation error occurred.  The length of the \'subject\' attribute of the \'task\' entity exceeded the maximum allowed length of \'200\'."}}',
      '--batchresponse_156da4b8-cd2c-4862-a911-4aaab97c001a--',
      '',
    ].join(CRLF);
    const { ctx } = answering(400, body, 'multipart/mixed; boundary=batchresponse_156da4b8-cd2c-4862-a911-4aaab97c001a');
    const outcomes = await runBatch(ctx, [[note], [note], [note]]);
    expect(outcomes.map((set) => set.map((o) => (o.ok ? 'ok' : `${o.error.kind} ${o.error.status} ${o.error.code}`)))).toEqual([
      ['invalid 400 0x80044331'],
      ['transient 0 NotExecuted'],
      ['transient 0 NotExecuted'],
    ]);
  });

  it('a create-only upsert alone: "matching key values" means the row exists; DuplicateRecordEntityKey means another key clashed', async () => {
    const single = (json: string) =>
      [
        '--batchresponse_b4c45a7a-bf5c-40ac-8911-8e8a1d5c4a6e',
        'Content-Type: application/http',
        'Content-Transfer-Encoding: binary',
        '',
        'HTTP/1.1 412 Precondition Failed',
        'Content-Type: application/json; odata.metadata=minimal',
        '',
        json,
        '--batchresponse_b4c45a7a-bf5c-40ac-8911-8e8a1d5c4a6e--',
        '',
      ].join(CRLF);
    expect(await runBatch(answering(200, single(MATCHING_KEY)).ctx, [[message]])).toEqual([[{ ok: true, exists: true }]]);
    const clash =
      '{"error":{"code":"0x80060892","message":"Entity Key wxm_follower_openid_account violated. A record with the same value for wxm_openid, wxm_officialaccountid already exists. A duplicate record cannot be created. Select one or more unique values and try again."}}';
    const [[outcome]] = (await runBatch(answering(200, single(clash)).ctx, [[follower]])) as [[{ ok: boolean; error?: { kind: string; code: string } }]];
    expect(outcome).toMatchObject({ ok: false, error: { kind: 'conflict', status: 412, code: '0x80060892' } });
  });

  it('a failure whose Content-ID names no operation: every operation carries it, none is reported as merely rolled back', async () => {
    const { ctx } = answering(
      200,
      `${failedChangeSet('99', '400 Bad Request', '{"error":{"code":"0x0","message":"bad"}}')}${CRLF}--batchresponse_b4c45a7a-bf5c-40ac-8911-8e8a1d5c4a6e--${CRLF}`,
    );
    const [outcomes] = await runBatch(ctx, [[note, note]]);
    expect(outcomes?.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual(['0x0', '0x0']);
  });
});
