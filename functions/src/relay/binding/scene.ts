/**
 * Scene strings of binding QR codes. Whoever scans a binding code is bound to the person it names, so its scene
 * must be unguessable: 32 random bytes (256 bits), base64url, behind a `bind_` prefix that tells delivery which
 * scans to hand to the binding step. 48 characters, inside WeChat's 64 for `scene_str`
 * (https://developers.weixin.qq.com/doc/offiaccount/Account_Management/Generating_a_Parametric_QR_Code.html).
 */
import { randomBytes } from 'node:crypto';

export const BINDING_SCENE_PREFIX = 'bind_';
const PATTERN = /^bind_[A-Za-z0-9_-]{43}$/;

/** Binding codes live this long unless the row says otherwise: long enough to scan, short enough to be useless once seen. */
export const DEFAULT_BINDING_EXPIRE_SECONDS = 600;

export function newBindingScene(): string {
  return BINDING_SCENE_PREFIX + randomBytes(32).toString('base64url');
}

/** A scene as it arrives in a SCAN EventKey, or in a subscribe EventKey after its `qrscene_` prefix. */
export function isBindingScene(scene: string | undefined): scene is string {
  return scene !== undefined && PATTERN.test(scene);
}

/** subscribe carries `qrscene_<scene>`, SCAN the bare scene (doc/offiaccount/Message_Management/Receiving_event_pushes.html). */
export function sceneOfEventKey(eventKey: string | undefined): string | undefined {
  if (!eventKey) return undefined;
  return eventKey.startsWith('qrscene_') ? eventKey.slice('qrscene_'.length) : eventKey;
}
