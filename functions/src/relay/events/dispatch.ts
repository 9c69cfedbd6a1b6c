/**
 * `wechat-event` tasks (relay/envelope.ts WechatEventTask) to the part of the relay that owns the event. Each owner
 * appends one line to EVENT_HANDLERS. A handler may run twice for one event (delivery enqueues again when it finds
 * the message row already written), so it must be idempotent, and it re-resolves the org from `task.appid`.
 * An event nobody handles (or a relay wired without the owner's deps) is completed as 'skipped'.
 */
import type { WechatEventTask } from '../envelope.js';
import type { TaskDeps, TaskOutcome } from '../tasks/handle-task.js';
import { onTemplateSendJobFinish } from '../templates/job-finished.js';
import { onConsentEvent, onSentEvent } from '../subscriptions/events.js';
import { onMassSendJobFinish } from '../broadcasts/job-finished.js';

export type EventHandler = (task: WechatEventTask, deps: TaskDeps) => Promise<TaskOutcome>;

export const EVENT_HANDLERS: Record<string, EventHandler> = {
  // MASSSENDJOBFINISH [H1], TEMPLATESENDJOBFINISH [H3], subscribe_msg_* [H6]: one line each, e.g.
  // MASSSENDJOBFINISH: (task, deps) => (deps.broadcasts ? onMassSendJobFinish(task, deps.broadcasts) : skipped(task, deps)),
  TEMPLATESENDJOBFINISH: async (task, deps) => (deps.templates && (await onTemplateSendJobFinish(task, deps.templates)) !== 'skipped' ? 'done' : 'skipped'),
  subscribe_msg_popup_event: async (task, deps) => (deps.subscriptions ? onConsentEvent(task, deps.subscriptions) : 'skipped'),
  subscribe_msg_change_event: async (task, deps) => (deps.subscriptions ? onConsentEvent(task, deps.subscriptions) : 'skipped'),
  subscribe_msg_sent_event: async (task, deps) => (deps.subscriptions ? onSentEvent(task, deps.subscriptions) : 'skipped'),
  MASSSENDJOBFINISH: async (task, deps) => (deps.broadcasts && (await onMassSendJobFinish(task, deps.broadcasts)) !== 'skipped' ? 'done' : 'skipped'),
};

export async function dispatchWechatEvent(
  task: WechatEventTask,
  deps: TaskDeps,
  handlers: Record<string, EventHandler> = EVENT_HANDLERS,
): Promise<TaskOutcome> {
  const handler = Object.hasOwn(handlers, task.event) ? handlers[task.event] : undefined;
  if (!handler) {
    deps.logger.info('WeChat event has no handler; completed', { authorizerAppid: task.appid, event: task.event });
    return 'skipped';
  }
  return handler(task, deps);
}
