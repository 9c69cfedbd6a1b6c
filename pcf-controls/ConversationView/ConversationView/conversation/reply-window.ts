/**
 * WeChat's customer-service reply window as the conversation shows it. The rule is the relay's own module
 * (functions/src/relay/window/reply-window.ts, pure and import-free, bundled here by pcf-scripts' webpack), so the
 * banner an operator reads and the refusal the relay writes agree: a follower's message opens 5 messages within 48
 * hours, a follow, QR scan or menu click 3 within 1 minute; outside WeChat answers 45015, over the count 45047.
 * https://developers.weixin.qq.com/doc/offiaccount/Message_Management/Service_Center_messages.html
 *
 * The interactions come from the follower's recorded columns (what the relay checks), brought up to date with the
 * messages the conversation has loaded since (a message the follower just wrote, a reply just sent).
 */
import {
  afterInteraction,
  afterSend,
  openerOf,
  replyWindow as windowRule,
  WINDOW_OPENING_EVENTS,
  WINDOW_RULES,
  type Interactions,
  type Opener,
} from '../../../../functions/src/relay/window/reply-window';
import type { ChatMessage } from './message';

export type { Interactions };
export const WINDOW_MS = WINDOW_RULES.message.ms;
export const MESSAGES_PER_WINDOW = WINDOW_RULES.message.count;

export type ReplyWindow =
  | {
      open: true;
      closesAt: number;
      msLeft: number;
      messagesLeft: number;
      /** Present while the 1-minute allowance of a follow, scan or menu click is part of what is left. */
      short?: true;
    }
  | { open: false; reason: 'never' | 'expired' | 'quota' | 'unfollowed' };

function openerOfMessage(message: ChatMessage): Opener | undefined {
  if (message.direction !== 'inbound') return undefined;
  return message.kind === 'event' ? openerOf('event', message.event) : 'message';
}

/** Whether this message opens (or reopens) an allowance. */
export function opensWindow(message: ChatMessage): boolean {
  return openerOfMessage(message) !== undefined;
}

/** The OData condition matching `opensWindow`, for finding the last interaction on the server. */
export function opensWindowFilter(columns: { direction: string; messageType: string; event: string }, values: { inbound: number; event: number }): string {
  const events = WINDOW_OPENING_EVENTS.map((e) => `${columns.event} eq '${e}'`).join(' or ');
  return `${columns.direction} eq ${values.inbound} and (${columns.messageType} ne ${values.event} or ${events})`;
}

interface Step {
  at: number;
  by?: Opener;
  send?: true;
}

export interface WindowInput {
  /** The follower's recorded interactions (wxm_lastmessageon, …); absent for a row the relay has not written them on. */
  recorded?: Interactions;
  /** The latest opening interaction known beyond the loaded pages (epoch ms), and what it was (default: a message). */
  lastInteractionAt?: number;
  lastInteractionBy?: Opener;
  messages: readonly ChatMessage[];
  now: number;
  following: boolean;
}

/** The interactions: the recorded ones, moved forward by the loaded messages (replies that WeChat refused use nothing; automatic passive replies are not customer-service messages). */
export function interactionsOf(input: WindowInput): Interactions {
  // In time order: the opener known beyond the loaded pages, the follower's messages, the replies sent.
  const steps: Step[] = [];
  if (input.lastInteractionAt !== undefined) steps.push({ at: input.lastInteractionAt, by: input.lastInteractionBy ?? 'message' });
  for (const m of input.messages) {
    const by = openerOfMessage(m);
    if (by) steps.push({ at: m.at, by });
    // An automatic mini program card is a customer-service message (the other auto replies are passive).
    else if (m.direction === 'outbound' && m.status !== 'failed' && (!m.automatic || m.kind === 'miniprogram')) steps.push({ at: m.at, send: true });
  }
  steps.sort((a, b) => a.at - b.at || (a.by ? -1 : 0) - (b.by ? -1 : 0));
  let replay: Interactions = { following: input.following, sentSinceMessage: 0, sentSinceEvent: 0 };
  for (const step of steps) replay = step.by ? afterInteraction(replay, step.by, step.at) : afterSend(replay, step.at);
  const rec = input.recorded;
  if (!rec) return replay;
  const pick = (at: number | undefined, recAt: number | undefined, n: number, recN: number): [number | undefined, number] => {
    if (recAt === undefined || (at !== undefined && at > recAt)) return [at, n];
    if (at === undefined || recAt > at) return [recAt, recN];
    return [at, Math.max(n, recN)];
  };
  const [lastMessageAt, sentSinceMessage] = pick(replay.lastMessageAt, rec.lastMessageAt, replay.sentSinceMessage, rec.sentSinceMessage);
  const [lastEventAt, sentSinceEvent] = pick(replay.lastEventAt, rec.lastEventAt, replay.sentSinceEvent, rec.sentSinceEvent);
  return {
    following: input.following,
    ...(lastMessageAt !== undefined && { lastMessageAt }),
    ...(lastEventAt !== undefined && { lastEventAt }),
    sentSinceMessage,
    sentSinceEvent,
  };
}

/** The window now, by the relay's rule. */
export function replyWindow(input: WindowInput): ReplyWindow {
  const i = interactionsOf(input);
  const state = windowRule(i, input.now);
  if (!state.open) return state;
  const short = i.lastEventAt !== undefined && input.now < i.lastEventAt + WINDOW_RULES.event.ms && i.sentSinceEvent < WINDOW_RULES.event.count;
  return {
    open: true,
    closesAt: state.closesAt,
    msLeft: state.closesAt - input.now,
    messagesLeft: state.remaining,
    ...(short && { short: true as const }),
  };
}

/** The latest opening interaction among these messages, and what it was. */
export function lastInteraction(messages: readonly ChatMessage[]): number | undefined {
  return lastOpener(messages)?.at;
}

export function lastOpener(messages: readonly ChatMessage[]): { at: number; by: Opener } | undefined {
  let latest: { at: number; by: Opener } | undefined;
  for (const m of messages) {
    const by = openerOfMessage(m);
    if (by && (latest === undefined || m.at > latest.at)) latest = { at: m.at, by };
  }
  return latest;
}
