/** A write's `bypassSteps` travel as MSCRM.BypassBusinessLogicExecutionStepIds on its own $batch part, checked first. */
import { describe, expect, it } from 'vitest';
import { buildBatch } from './multipart.js';
import { BYPASS_STEPS_HEADER, checkOperation, toPart } from './operations.js';
import { isBypassRefused } from '../web-api-errors.js';
import type { WriteOperation } from '../types.js';

const ROOT = 'https://contoso.crm.dynamics.com/api/data/v9.2/';
const STEP = '0b7e9d3c-58f1-4b5a-9e3f-2c1d4a6b8e90';
const OTHER = 'a1b2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d';

describe('bypassSteps', () => {
  it('is a header of that part only (create, upsert, delete), ids comma-separated', () => {
    const ops: WriteOperation[] = [
      { kind: 'create', entitySet: 'wxm_messages', data: {}, bypassSteps: [STEP] },
      { kind: 'upsert', entitySet: 'wxm_messages', key: `wxm_wechatmsgid='1'`, data: {}, ifNoneMatch: true, bypassSteps: [STEP, OTHER] },
      { kind: 'delete', entitySet: 'wxm_messages', key: OTHER, bypassSteps: [STEP] },
      { kind: 'create', entitySet: 'wxm_followers', data: {} },
      { kind: 'create', entitySet: 'wxm_followers', data: {}, bypassSteps: [] },
    ];
    const parts = ops.map((op, i) => toPart(op, ROOT, String(i + 1)));
    expect(parts.map((p) => p.headers[BYPASS_STEPS_HEADER])).toEqual([STEP, `${STEP},${OTHER}`, STEP, undefined, undefined]);
    expect(parts[1]?.headers['If-None-Match']).toBe('*');
    const { body } = buildBatch([{ kind: 'changeset', requests: parts.slice(0, 2) }], () => 'x');
    expect(body).toContain(
      `POST ${ROOT}wxm_messages HTTP/1.1\r\nContent-Type: application/json; charset=utf-8\r\nMSCRM.BypassBusinessLogicExecutionStepIds: ${STEP}\r\n`,
    );
  });

  it('names steps by id: anything else is refused before sending', () => {
    expect(() => checkOperation({ kind: 'create', entitySet: 'wxm_messages', data: {}, bypassSteps: ['Wechat Marketing: Create of wxm_message'] })).toThrow(
      /GUID/,
    );
    expect(() => checkOperation({ kind: 'create', entitySet: 'wxm_messages', data: {}, bypassSteps: [STEP] })).not.toThrow();
  });

  it('tells a refused bypass from other refusals', () => {
    const missing = `Principal user (Id=${OTHER}, type=8, roleCount=1, privilegeCount=3, accessMode=4), is missing prvBypassCustomBusinessLogic privilege (Id=${STEP}) on OTC=10001 for entity 'wxm_message'.`;
    expect(isBypassRefused({ status: 403, message: missing })).toBe(true);
    expect(isBypassRefused({ status: 403, message: missing.replace('prvBypassCustomBusinessLogic', 'prvCreatewxm_message') })).toBe(false);
    expect(isBypassRefused({ status: 400, message: 'The number of steps in BypassBusinessLogicExecutionStepIds (4) exceeds the limit of 3 steps.' })).toBe(
      true,
    );
    expect(isBypassRefused({ status: 400, message: "Invalid property 'x' was found in entity 'wxm_message'." })).toBe(false);
    expect(isBypassRefused({ status: 503, message: 'prvBypassCustomBusinessLogic' })).toBe(false);
  });
});
