import { describe, expect, it } from 'vitest';
import { Metadata } from '../metadata.js';
import { parseKey } from '../odata/key.js';
import { formatBatch, parseBatch } from '../batch/multipart.js';
import { fixtureSchema } from './fixture-schema.js';

describe('multipart $batch parsing', () => {
  it('reads the change-set example of the Microsoft batch page (relative URLs, blank lines, type=entry)', () => {
    const body = [
      '--batch_22975cad',
      'Content-Type: multipart/mixed; boundary="changeset_246e6bfe"',
      '',
      '--changeset_246e6bfe',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      'Content-ID: 1',
      '',
      'POST /api/data/v9.2/tasks HTTP/1.1',
      'Content-Type: application/json; type=entry',
      '',
      '{',
      '  "subject": "Task 1 in batch"',
      '}',
      '--changeset_246e6bfe--',
      '',
      '--batch_22975cad',
      'Content-Type: application/http',
      'Content-Transfer-Encoding: binary',
      '',
      'GET /api/data/v9.2/accounts(00000000-0000-0000-0000-000000000001)/Account_Tasks?$select=subject HTTP/1.1',
      '',
      '',
      '--batch_22975cad--',
      '',
    ].join('\r\n');
    const items = parseBatch(Buffer.from(body), 'multipart/mixed; boundary="batch_22975cad"');
    expect(items.map((i) => i.kind)).toEqual(['changeset', 'request']);
    const [cs, get] = items;
    if (cs?.kind !== 'changeset' || get?.kind !== 'request') throw new Error('shape');
    expect(cs.parts[0]).toMatchObject({ contentId: '1', method: 'POST', url: '/api/data/v9.2/tasks' });
    expect(JSON.parse(cs.parts[0]!.body.toString())).toEqual({ subject: 'Task 1 in batch' });
    expect(get.part.method).toBe('GET');
    expect(get.part.body.length).toBe(0);
  });

  it('formats parts so that a failed change set is a single error part', () => {
    const text = formatBatch(
      [
        { kind: 'changeset', responses: [{ contentId: '1', status: 204, headers: { 'OData-EntityId': 'u' } }] },
        { kind: 'single', response: { status: 412, headers: { 'Content-Type': 'application/json' }, body: { error: { code: '0x80040237', message: 'm' } } } },
      ],
      'B',
      () => 'C',
    );
    expect(text).toBe(
      '--batchresponse_B\r\nContent-Type: multipart/mixed; boundary=changesetresponse_C\r\n\r\n' +
        '--changesetresponse_C\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\nContent-ID: 1\r\n\r\nHTTP/1.1 204 No Content\r\nOData-EntityId: u\r\n\r\n\r\n--changesetresponse_C--\r\n' +
        '--batchresponse_B\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nHTTP/1.1 412 Precondition Failed\r\nContent-Type: application/json\r\n\r\n{"error":{"code":"0x80040237","message":"m"}}\r\n' +
        '--batchresponse_B--\r\n',
    );
  });
});

describe('key segments', () => {
  const meta = new Metadata(fixtureSchema);
  const follower = meta.table('wxm_follower');

  it('reads ids, named ids, and alternate keys with doubled quotes in any order', () => {
    expect(parseKey(follower, '6D81597F-0F9F-E711-8122-000D3AA2331C')).toEqual({ kind: 'id', id: '6d81597f-0f9f-e711-8122-000d3aa2331c' });
    expect(parseKey(follower, 'wxm_followerid=6d81597f-0f9f-e711-8122-000d3aa2331c')).toEqual({ kind: 'id', id: '6d81597f-0f9f-e711-8122-000d3aa2331c' });
    expect(parseKey(follower, "_wxm_officialaccountid_value=6d81597f-0f9f-e711-8122-000d3aa2331c,wxm_openid='o''x,y'")).toEqual({
      kind: 'alternate',
      keyName: 'wxm_follower_openid_account',
      values: { wxm_openid: "o'x,y", wxm_officialaccountid: { id: '6d81597f-0f9f-e711-8122-000d3aa2331c', table: 'wxm_officialaccount' } },
    });
  });

  it('refuses half a key and a lookup named by its logical name', () => {
    expect(() => parseKey(follower, "wxm_openid='o'")).toThrow(/The key in the request URI is not valid/);
    expect(() => parseKey(follower, "wxm_openid='o',wxm_officialaccountid=6d81597f-0f9f-e711-8122-000d3aa2331c")).toThrow(
      /The key in the request URI is not valid/,
    );
  });
});
