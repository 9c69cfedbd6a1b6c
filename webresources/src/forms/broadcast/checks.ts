/**
 * What the relay would refuse, said on the form before anything is stamped: no audience chosen, an audience the
 * relay estimated empty, a schedule in the past, an account out of today's mass sends, no content. The relay stays
 * the authority (it checks the re-read row again); this only spares the operator a round trip. Pure.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Batch_Sends_and_Originality_Checks.html
 */
import { formatDate } from '../../shared/notify.js';
import type { Language } from '../../strings/index.js';
import type { BroadcastTranslate } from '../../strings/broadcast.js';
import type { BroadcastView } from './model.js';

/** Why the broadcast cannot be sent as it stands (empty: it may be sent). */
export function sendRefusals(view: BroadcastView, now: number, t: BroadcastTranslate, language: Language): string[] {
  const refusals: string[] = [];
  const missing =
    view.audience === 'Tag' && !view.tagId
      ? t('bc.needTag')
      : view.audience === 'View' && !view.viewId
        ? t('bc.needView')
        : view.audience === 'MarketingList' && !view.listId
          ? t('bc.needList')
          : undefined;
  if (missing) refusals.push(t('bc.refuseAudience', { what: missing }));
  else if (view.reach && view.reach.count === 0) refusals.push(t('bc.refuseEmpty'));
  if (view.sendOn && view.sendOn.getTime() < now) refusals.push(t('bc.refusePast', { time: formatDate(view.sendOn, language) ?? '' }));
  // An account with no mass send left today would be refused by WeChat; a scheduled send for a later day is fine.
  if (view.reach?.maySendToday === false && !view.activePush && !laterDay(view.sendOn, now)) refusals.push(t('bc.refuseToday'));
  const content = contentMissing(view, t);
  if (content) refusals.push(t('bc.refuseContent', { what: content }));
  return refusals;
}

/** A preview needs content too (the audience does not matter: it goes to one follower). */
export function previewRefusals(view: BroadcastView, t: BroadcastTranslate): string[] {
  const content = contentMissing(view, t);
  return [...(content ? [t('bc.refuseContent', { what: content })] : []), ...(previewTarget(view) ? [] : [t('bc.previewWho')])];
}

/** Whom the preview goes to: the chosen follower, else the typed OpenID. */
export function previewTarget(view: BroadcastView): { followerId: string; name?: string } | { openId: string } | undefined {
  if (view.preview.followerId) return { followerId: view.preview.followerId, ...(view.preview.followerName && { name: view.preview.followerName }) };
  if (view.preview.openId) return { openId: view.preview.openId };
  return undefined;
}

function contentMissing(view: BroadcastView, t: BroadcastTranslate): string | undefined {
  if (view.content === 'Text') return view.body ? undefined : t('bc.needText');
  if (view.content === 'Article') return view.title && view.body ? undefined : t('bc.needArticle');
  // Image, voice and video: a media id, or a material the relay uploads (H7) that fills it in.
  return undefined;
}

/** Beijing calendar day of an instant: WeChat's "today" for mass sends. */
const beijingDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);

function laterDay(sendOn: Date | undefined, now: number): boolean {
  return sendOn !== undefined && beijingDay(sendOn.getTime()) > beijingDay(now);
}
