/**
 * The wechat-event seam: delivery writes a forwarded event's message row into the Dataverse emulator, then queues a
 * `wechat-event` task (also when it finds the row already written); the relay-tasks worker routes it to the owner's
 * handler, and an event nobody handles is completed as 'skipped'.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EntitySets } from '@wxm/solution/schema';
import { Emulators } from '@wxm/testkit/kit/dataverse/org-under-test';
import { APPID, envelopeOf, event, push, T0 } from '@wxm/testkit/kit/delivery/inbound-fixtures';
import { deliveryDeps, startTenant, type Tenant } from '@wxm/testkit/kit/delivery/emulator-world';
import { MemoryQueue } from '@wxm/testkit/kit/storage/memory/memory-queue';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { deliverInbound } from '../delivery/deliver-inbound.js';
import type { RelayTask, WechatEventTask } from '../envelope.js';
import { handleRelayTask, type TaskDeps } from '../tasks/handle-task.js';
import { dispatchWechatEvent, EVENT_HANDLERS, type EventHandler } from './dispatch.js';
import { FORWARDED_EVENTS, forwardedEventOf } from './forwarded.js';
import { parseInbound } from '../../wechat/index.js';

const emulators = new Emulators();
afterAll(() => emulators.closeAll());

const massFinish = event('MASSSENDJOBFINISH', {
  MsgID: 1000001625,
  Status: 'send success',
  TotalCount: 100,
  FilterCount: 80,
  SentCount: 75,
  ErrorCount: 5,
});

describe('delivery forwards the events relay/events lists', () => {
  let t: Tenant;
  let tasks: MemoryQueue<RelayTask>;
  beforeEach(async () => {
    t = await startTenant(emulators, APPID);
    tasks = new MemoryQueue<RelayTask>('relay-tasks');
  });
  afterEach(() => t.dv.close());

  it('MASSSENDJOBFINISH: the message row is written, then one wechat-event task with the XML as sent; a replay queues it again', async () => {
    const deps = deliveryDeps([t], { tasks });
    const envelope = envelopeOf(massFinish);
    expect((await deliverInbound(envelope, deps)).status).toBe('delivered');
    expect(t.dv.rows(EntitySets.Message)).toHaveLength(1);
    expect(tasks.drain()).toEqual([{ v: 1, type: 'wechat-event', appid: APPID, event: 'MASSSENDJOBFINISH', raw: massFinish, receivedAt: T0 * 1000 + 1200 }]);
    // A redelivery (the task's enqueue may have failed the first time) finds the row and queues the task again.
    expect((await deliverInbound(envelope, deps)).status).toBe('duplicate');
    expect(t.dv.rows(EntitySets.Message)).toHaveLength(1);
    expect(tasks.drain().map((x) => (x as WechatEventTask).event)).toEqual(['MASSSENDJOBFINISH']);
  });

  it('subscription consent events (parsed as unknown pushes) are forwarded by their Event', async () => {
    const deps = deliveryDeps([t], { tasks });
    const xml = event('subscribe_msg_popup_event', { SubscribeMsgPopupEvent: '<List><TemplateId>T1</TemplateId></List>' });
    await deliverInbound(envelopeOf(xml), deps);
    expect(tasks.drain().map((x) => [x.type, (x as WechatEventTask).event])).toEqual([['wechat-event', 'subscribe_msg_popup_event']]);
  });

  it('a text, a follow and a click are delivered as before and queue nothing', async () => {
    const deps = deliveryDeps([t], { tasks });
    await deliverInbound(envelopeOf(push({ MsgType: 'text', Content: 'hi', MsgId: '24000000000000000009' })), deps);
    await deliverInbound(envelopeOf(event('subscribe', {}, { at: T0 + 1 })), deps);
    await deliverInbound(envelopeOf(event('CLICK', { EventKey: 'K1' }, { at: T0 + 2 })), deps);
    expect(t.dv.rows(EntitySets.Message)).toHaveLength(3);
    expect(await tasks.depth()).toBe(0);
  });

  it('when the task cannot be queued, delivery fails (the queue retries); the retry writes nothing more and queues the task', async () => {
    let fail = true;
    const flaky = new MemoryQueue<RelayTask>('relay-tasks');
    const enqueue = flaky.enqueue.bind(flaky);
    flaky.enqueue = async (m, o) => {
      if (fail) throw new Error('storage unavailable');
      return enqueue(m, o);
    };
    const deps = deliveryDeps([t], { tasks: flaky });
    const envelope = envelopeOf(massFinish);
    await expect(deliverInbound(envelope, deps)).rejects.toThrow('storage unavailable');
    expect(t.dv.rows(EntitySets.Message)).toHaveLength(1);
    fail = false;
    expect((await deliverInbound(envelope, deps)).status).toBe('duplicate');
    expect(t.dv.rows(EntitySets.Message)).toHaveLength(1);
    expect(flaky.drain().map((x) => (x as WechatEventTask).event)).toEqual(['MASSSENDJOBFINISH']);
  });
});

describe('dispatch', () => {
  const task: WechatEventTask = { v: 1, type: 'wechat-event', appid: APPID, event: 'MASSSENDJOBFINISH', raw: massFinish, receivedAt: T0 * 1000 };

  it('lists exactly the five events of issue 11, read from parsed pushes', () => {
    expect([...FORWARDED_EVENTS].sort()).toEqual(
      ['MASSSENDJOBFINISH', 'TEMPLATESENDJOBFINISH', 'subscribe_msg_change_event', 'subscribe_msg_popup_event', 'subscribe_msg_sent_event'].sort(),
    );
    expect(forwardedEventOf(parseInbound(massFinish))).toBe('MASSSENDJOBFINISH');
    expect(forwardedEventOf(parseInbound(event('subscribe_msg_sent_event')))).toBe('subscribe_msg_sent_event');
    expect(forwardedEventOf(parseInbound(event('SCAN', { EventKey: 's' })))).toBeUndefined();
    expect(forwardedEventOf(parseInbound(push({ MsgType: 'text', Content: 'MASSSENDJOBFINISH', MsgId: '1' })))).toBeUndefined();
  });

  it('a handler gets the task and the deps; an event with no handler is skipped and logged', async () => {
    const logger = new RecordingLogger();
    const seen: string[] = [];
    const handlers: Record<string, EventHandler> = {
      MASSSENDJOBFINISH: async (x) => {
        seen.push(x.raw);
        return 'done';
      },
    };
    const deps = { logger } as unknown as TaskDeps;
    expect(await dispatchWechatEvent(task, deps, handlers)).toBe('done');
    expect(seen).toEqual([massFinish]);
    expect(await dispatchWechatEvent({ ...task, event: 'subscribe_msg_sent_event' }, deps, handlers)).toBe('skipped');
    expect(await dispatchWechatEvent({ ...task, event: 'toString' }, deps, handlers)).toBe('skipped');
  });

  it('the relay-tasks worker routes wechat-event tasks to dispatch (an unregistered event is skipped)', async () => {
    const logger = new RecordingLogger();
    const unhandled = { ...task, event: 'subscribe_msg_change_event' };
    if (!EVENT_HANDLERS['subscribe_msg_change_event']) expect(await handleRelayTask(unhandled, { logger } as unknown as TaskDeps)).toBe('skipped');
    expect(await handleRelayTask({ ...task, event: 'NOT_AN_EVENT' }, { logger } as unknown as TaskDeps)).toBe('skipped');
  });
});
