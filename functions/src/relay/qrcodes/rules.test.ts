/** What a row asks WeChat for, or why not: the checks that need no other row (rules.ts), with exact values. */
import { describe, expect, it } from 'vitest';
import { isBindingScene } from '../binding/scene.js';
import { explainRefusal } from './reasons.js';
import { newScene, planCode, type QrCodeRow } from './rules.js';

const row = (fields: Partial<QrCodeRow> = {}): QrCodeRow => ({
  id: '00000000-0000-0000-0000-000000000001',
  accountId: '00000000-0000-0000-0000-0000000000aa',
  purpose: 'channel',
  kind: undefined,
  expireSeconds: undefined,
  scene: undefined,
  referrerId: undefined,
  programId: undefined,
  bindPeople: 0,
  ...fields,
});

describe('planCode', () => {
  it('fills what the row left empty: a ch_ scene, Temporary, 30 days', () => {
    const plan = planCode(row());
    expect(plan).toMatchObject({ request: { kind: 'temporary', expireSeconds: 2_592_000 }, filled: { kind: 'temporary', expireSeconds: 2_592_000 } });
    expect('request' in plan && plan.request.scene).toMatch(/^ch_[\w-]{16}$/);
  });

  it('scenes: 64 characters pass, 65 do not; bind_ and qrscene_ are reserved for other codes', () => {
    expect(planCode(row({ scene: 'x'.repeat(64) }))).toMatchObject({ request: { scene: 'x'.repeat(64) }, filled: {} });
    expect(planCode(row({ scene: 'x'.repeat(65) }))).toEqual({ code: 'scene-too-long', length: 65 });
    expect(planCode(row({ scene: 'Bind_me' }))).toEqual({ code: 'scene-reserved', prefix: 'bind_' });
    expect(planCode(row({ scene: 'qrscene_1' }))).toEqual({ code: 'scene-reserved', prefix: 'qrscene_' });
  });

  it('lifetimes: at most 30 days (binding codes an hour), at least a minute; permanent codes have none', () => {
    expect(planCode(row({ expireSeconds: 2_592_001 }))).toEqual({ code: 'expiry-too-long', seconds: 2_592_001, max: 2_592_000 });
    expect(planCode(row({ expireSeconds: 59 }))).toEqual({ code: 'expiry-too-short', seconds: 59 });
    expect(planCode(row({ kind: 'permanent', scene: 'door' }))).toEqual({ request: { kind: 'permanent', scene: 'door' }, filled: {} });
    expect(planCode(row({ purpose: 'binding', bindPeople: 1, expireSeconds: 3601 }))).toEqual({ code: 'expiry-too-long', seconds: 3601, max: 3600 });
  });

  it('referral codes: temporary, referrer and program required, the program’s lifetime', () => {
    const ids = { referrerId: 'r', programId: 'p' };
    expect(planCode(row({ purpose: 'referral', referrerId: 'r' }))).toEqual({ code: 'referral-incomplete' });
    expect(planCode(row({ purpose: 'referral', ...ids, kind: 'permanent' }))).toEqual({ code: 'must-be-temporary', purpose: 'referral' });
    const plan = planCode(row({ purpose: 'referral', ...ids }), 7);
    expect(plan).toMatchObject({ request: { kind: 'temporary', expireSeconds: 604_800 } });
    expect('request' in plan && plan.request.scene).toMatch(/^ref_[\w-]{16}$/);
  });

  it('binding codes: one person, an unguessable scene, 10 minutes by default', () => {
    expect(planCode(row({ purpose: 'binding' }))).toEqual({ code: 'binding-without-person' });
    expect(planCode(row({ purpose: 'binding', bindPeople: 2 }))).toEqual({ code: 'binding-without-person' });
    expect(planCode(row({ purpose: 'binding', bindPeople: 1, scene: 'bind_guessable' }))).toEqual({ code: 'binding-scene-guessable' });
    const plan = planCode(row({ purpose: 'binding', bindPeople: 1 }));
    expect(plan).toMatchObject({ request: { kind: 'temporary', expireSeconds: 600 } });
    expect(isBindingScene('request' in plan ? plan.request.scene : undefined)).toBe(true);
    const given = newScene('binding');
    expect(planCode(row({ purpose: 'binding', bindPeople: 1, scene: given }))).toMatchObject({ request: { scene: given }, filled: { expireSeconds: 600 } });
  });
});

describe('explainRefusal', () => {
  it('says it in English, then Chinese', () => {
    expect(explainRefusal({ code: 'scene-too-long', length: 65 })).toEqual({
      en: 'Not created: a scene has at most 64 characters (this one has 65).',
      zh: '未创建：场景值最多 64 个字符（当前 65 个）。',
    });
    expect(explainRefusal({ code: 'expiry-too-short', seconds: 30 })).toEqual({
      en: 'Not created: a lifetime of 30 seconds is too short (at least 60).',
      zh: '未创建：有效期 30 秒过短（至少 60 秒）。',
    });
  });
});
