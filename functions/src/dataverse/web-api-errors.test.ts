import { describe, expect, it } from 'vitest';
import { DataverseError } from './errors.js';
import { DataverseCodes, isDuplicateKey, isKeyNotActive, kindOf, retryAfterSeconds, webApiError } from './web-api-errors.js';

describe('Web API error classification', () => {
  it('maps statuses and codes to kinds', () => {
    const table: [number, string, string][] = [
      [400, '0x80048d19', 'invalid'],
      [401, '', 'auth'],
      [403, '0x80040220', 'forbidden'],
      [404, '0x80040217', 'not-found'],
      [404, '0x8006088A', 'invalid'],
      [405, '0x0', 'invalid'],
      [408, '', 'transient'],
      [412, '0x80060882', 'conflict'],
      [429, '0x80072322', 'throttled'],
      [500, '0x80040216', 'transient'],
      [503, '', 'transient'],
    ];
    expect(table.map(([status, code]) => kindOf(status, code))).toEqual(table.map(([, , kind]) => kind));
  });

  it('a duplicate alternate key (0x80060892) is a conflict and a key whose index is still being built (0x8006088F) is transient, whatever the status', () => {
    // Web service error codes: DuplicateRecordEntityKey -2147088238, InvalidEntityKeyOperation -2147088241.
    expect([DataverseCodes.DuplicateRecordEntityKey, DataverseCodes.InvalidEntityKeyOperation]).toEqual([
      `0x${(-2147088238 >>> 0).toString(16)}`,
      `0x${(-2147088241 >>> 0).toString(16)}`,
    ]);
    expect([kindOf(412, '0x80060892'), kindOf(400, '0x80060892'), kindOf(400, '0x8006088F'), kindOf(404, '0x8006088f')]).toEqual([
      'conflict',
      'conflict',
      'transient',
      'transient',
    ]);
    const pending = webApiError(
      'org',
      Object.assign(new Error('Invalid EntityKey Operation performed : Entity Key wxm_message_account_msgid of entity wxm_message is not active yet.'), {
        status: 400,
        code: '0x8006088F',
      }),
      0,
    );
    expect([pending.kind, isKeyNotActive(pending), isDuplicateKey(pending)]).toEqual(['transient', true, false]);
    const clash = webApiError(
      'org',
      Object.assign(new Error(), { status: 412, error: { code: '0x80060892', message: 'Entity Key wxm_officialaccount_appid violated.' } }),
      0,
    );
    expect([clash.kind, isDuplicateKey(clash), isKeyNotActive(clash)]).toEqual(['conflict', true, false]);
  });

  it('reads Retry-After as seconds or as an HTTP date', () => {
    const now = Date.UTC(2026, 0, 1, 12, 0, 0);
    expect(retryAfterSeconds('7', now)).toBe(7);
    expect(retryAfterSeconds('Thu, 01 Jan 2026 12:00:30 GMT', now)).toBe(30);
    expect(retryAfterSeconds(undefined, now)).toBeUndefined();
    expect(retryAfterSeconds('soon', now)).toBeUndefined();
  });

  it('reads dynamics-web-api rejections: single calls, $batch parts, sockets, argument errors', () => {
    const single = webApiError(
      'org',
      Object.assign(new Error('Number of requests exceeded the limit of 6000 over time window of 300 seconds.'), {
        status: 429,
        code: '0x80072322',
        headers: { 'Retry-After': '12' },
      }),
      0,
    );
    expect(single.info()).toEqual({
      kind: 'throttled',
      status: 429,
      code: '0x80072322',
      message: 'Number of requests exceeded the limit of 6000 over time window of 300 seconds.',
      retryAfterSeconds: 12,
    });
    const inBatch = webApiError(
      'org',
      Object.assign(new Error(), { status: 412, error: { code: '0x80040237', message: 'A record with matching key values already exists.' } }),
      0,
    );
    expect([inBatch.kind, inBatch.code, inBatch.message]).toEqual(['conflict', '0x80040237', 'A record with matching key values already exists.']);
    const socket = webApiError('contoso.crm.dynamics.com', Object.assign(new Error('connect ECONNRESET'), { code: 'ECONNRESET' }), 0);
    expect([socket.kind, socket.status, socket.code, socket.message]).toEqual([
      'transient',
      0,
      'ECONNRESET',
      'Dataverse (contoso.crm.dynamics.com) could not be reached (ECONNRESET).',
    ]);
    const dns = webApiError('typo.crm.dynamics.com', Object.assign(new TypeError('fetch failed'), { cause: { code: 'ENOTFOUND' } }), 0);
    expect([dns.kind, dns.code]).toEqual(['not-found', 'ENOTFOUND']);
    expect(webApiError('org', new Error('DynamicsWebApi.retrieve requires a request.key parameter.'), 0).info()).toEqual({
      kind: 'invalid',
      status: 0,
      code: 'InvalidRequest',
      message: 'DynamicsWebApi.retrieve requires a request.key parameter.',
    });
    const own = new DataverseError('auth', 401, 'AADSTS7000215', 'x');
    expect(webApiError('org', own, 0)).toBe(own);
  });
});
