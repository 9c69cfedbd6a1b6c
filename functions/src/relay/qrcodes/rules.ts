/**
 * What a saved wxm_qrcode row asks WeChat for, or why it cannot be asked: the checks that need no other row.
 * WeChat's limits (doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html): a temporary code
 * lives at most 2,592,000 s (30 days), a scene string is 1-64 characters. Ours on top: referral and binding codes
 * are temporary; a binding code lives at most an hour and its scene is unguessable (relay/binding/scene.ts); no
 * other code may take the `bind_` prefix (delivery hands those scans to the binding step) or WeChat's `qrscene_`.
 */
import { randomBytes } from 'node:crypto';
import { MAX_QR_EXPIRE_SECONDS, MAX_QR_SCENE_LENGTH, type QrCodeRequest } from '../../wechat/official-account/qrcode.js';
import { BINDING_SCENE_PREFIX, DEFAULT_BINDING_EXPIRE_SECONDS, isBindingScene, newBindingScene } from '../binding/scene.js';
import type { Refusal } from './reasons.js';

export type QrPurposeName = 'channel' | 'referral' | 'binding';

/** The row as read (values from Dataverse, never from the hint). */
export interface QrCodeRow {
  id: string;
  accountId: string | undefined;
  purpose: QrPurposeName;
  /** undefined: not chosen on the row. */
  kind: 'temporary' | 'permanent' | undefined;
  expireSeconds: number | undefined;
  scene: string | undefined;
  referrerId: string | undefined;
  programId: string | undefined;
  /** How many of Binds Contact / Lead / User are set. */
  bindPeople: number;
}

/** A binding code is shown, scanned and done: longer lives only widen the window for a photographed code. */
export const MAX_BINDING_EXPIRE_SECONDS = 3600;
/** A channel code without a lifetime lives as long as WeChat allows. */
export const DEFAULT_CHANNEL_EXPIRE_SECONDS = MAX_QR_EXPIRE_SECONDS;
const MIN_EXPIRE_SECONDS = 60;
const RESERVED_PREFIXES = [BINDING_SCENE_PREFIX, 'qrscene_'];
const SCENE_PREFIX: Record<Exclude<QrPurposeName, 'binding'>, string> = { channel: 'ch_', referral: 'ref_' };

export interface CodePlan {
  request: QrCodeRequest;
  /** Columns the relay fills because the row left them empty (scene, kind, lifetime). */
  filled: { scene?: string; kind?: 'temporary'; expireSeconds?: number };
}

/** A scene nobody chose: a purpose prefix and 96 random bits (unique in practice; the relay still checks). */
export function newScene(purpose: QrPurposeName): string {
  return purpose === 'binding' ? newBindingScene() : SCENE_PREFIX[purpose] + randomBytes(12).toString('base64url');
}

/** `programDays`: the referral program's code lifetime (wxm_ExpiryDays), when the row is a referral code. */
export function planCode(row: QrCodeRow, programDays?: number): CodePlan | Refusal {
  const filled: CodePlan['filled'] = {};
  if (row.purpose === 'referral' && (!row.referrerId || !row.programId)) return { code: 'referral-incomplete' };
  if (row.purpose === 'binding' && row.bindPeople !== 1) return { code: 'binding-without-person' };

  const scene = checkScene(row);
  if (typeof scene !== 'string') return scene;
  if (!row.scene) filled.scene = scene;

  if (row.kind === 'permanent') {
    if (row.purpose !== 'channel') return { code: 'must-be-temporary', purpose: row.purpose };
    return { request: { kind: 'permanent', scene }, filled };
  }
  if (row.kind === undefined) filled.kind = 'temporary';
  const max = row.purpose === 'binding' ? MAX_BINDING_EXPIRE_SECONDS : MAX_QR_EXPIRE_SECONDS;
  const fallback =
    row.purpose === 'binding'
      ? DEFAULT_BINDING_EXPIRE_SECONDS
      : row.purpose === 'referral' && programDays !== undefined
        ? programDays * 86400
        : DEFAULT_CHANNEL_EXPIRE_SECONDS;
  const expireSeconds = row.expireSeconds ?? fallback;
  if (row.expireSeconds === undefined) filled.expireSeconds = expireSeconds;
  if (expireSeconds > max) return { code: 'expiry-too-long', seconds: expireSeconds, max };
  if (expireSeconds < MIN_EXPIRE_SECONDS) return { code: 'expiry-too-short', seconds: expireSeconds };
  return { request: { kind: 'temporary', scene, expireSeconds }, filled };
}

function checkScene(row: QrCodeRow): string | Refusal {
  const given = row.scene;
  if (!given) return newScene(row.purpose);
  if (given.length > MAX_QR_SCENE_LENGTH) return { code: 'scene-too-long', length: given.length };
  if (row.purpose === 'binding') return isBindingScene(given) ? given : { code: 'binding-scene-guessable' };
  const reserved = RESERVED_PREFIXES.find((p) => given.toLowerCase().startsWith(p));
  return reserved ? { code: 'scene-reserved', prefix: reserved } : given;
}

export const isRefusal = (p: CodePlan | Refusal): p is Refusal => 'code' in p;
