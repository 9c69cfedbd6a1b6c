/**
 * The conversation store (pcf-controls/ConversationView/ConversationView/conversation/conversation-store.ts) from
 * Node against the Dataverse emulator, with timers run by hand: polling backs off while nothing happens, looks
 * again soon after a change, survives an outage, and pages older messages through nextLink.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConversationStore } from '../../../pcf-controls/ConversationView/ConversationView/conversation/conversation-store.js';
import { Direction, EntitySets, Message, MessageType } from '@wxm/solution/schema';
import { createWebApi, WebApiError, type RequestLogEntry } from './harness/page/fake-web-api.js';
import { ManualTimers } from './support/manual-timers.js';
import { addFollower, addMessage, startSeedOrg, type SeedOrg } from './support/seed.js';

const M = Message.columns;
let org: SeedOrg;

beforeAll(async () => {
  org = await startSeedOrg();
});
afterAll(() => org?.close());

function storeFor(timers: ManualTimers, pageSize = 50) {
  const webApi = createWebApi([], { root: org.emulator.serviceRoot, headers: () => ({ Authorization: `Bearer ${org.token()}` }) });
  return new ConversationStore({ webApi, timers, clock: () => Date.now(), newUuid: () => crypto.randomUUID() }, { pageSize });
}

/** Fires the scheduled poll and waits for its answer (the store schedules the next one when done). */
async function poll(store: ConversationStore, timers: ManualTimers): Promise<void> {
  const changed = new Promise<void>((resolve) => {
    const stop = store.subscribe(() => {
      stop();
      resolve();
    });
  });
  timers.fire();
  await changed;
  await new Promise((r) => setTimeout(r, 10));
}

describe('ConversationStore', () => {
  it('backs off 2, 4, 8, 16, 30, 30 s while nothing changes, and looks again in 2 s after a new message', async () => {
    const followerId = addFollower(org, { name: 'Quiet', openid: 'oQuiet' });
    addMessage(org, followerId, Date.now() - 60_000, { direction: 'in', type: 'Text', columns: { [M.Content]: 'first' } });
    const timers = new ManualTimers();
    const store = storeFor(timers);
    await store.open(followerId);
    expect(store.getState().messages.map((m) => m.content)).toEqual(['first']);
    const delays = [timers.delays[0]];
    for (let i = 0; i < 5; i++) {
      await poll(store, timers);
      delays.push(timers.delays[0]);
    }
    expect(delays).toEqual([2000, 4000, 8000, 16000, 30000, 30000]);
    addMessage(org, followerId, Date.now(), { direction: 'in', type: 'Text', columns: { [M.Content]: 'second' } });
    await poll(store, timers);
    expect(store.getState().messages.map((m) => m.content)).toEqual(['first', 'second']);
    expect(timers.delays).toEqual([2000]);
    store.close();
    expect(timers.delays).toEqual([]);
  });

  it('says it lost the connection while Dataverse is down, backs off, and recovers', async () => {
    const followerId = addFollower(org, { name: 'Outage', openid: 'oOutage' });
    addMessage(org, followerId, Date.now() - 60_000, { direction: 'in', type: 'Text', columns: { [M.Content]: 'hello' } });
    const timers = new ManualTimers();
    const store = storeFor(timers);
    await store.open(followerId);
    org.emulator.setOutage(true);
    await poll(store, timers);
    expect([store.getState().pollError !== undefined, timers.delays]).toEqual([true, [4000]]);
    org.emulator.setOutage(false);
    await poll(store, timers);
    expect([store.getState().pollError, timers.delays, store.getState().messages.length]).toEqual([undefined, [8000], 1]);
    store.close();
  });

  it('pages older messages through nextLink until the first, without duplicates', async () => {
    const followerId = addFollower(org, { name: 'Pages', openid: 'oPages' });
    const start = Date.now() - 3600_000;
    for (let n = 1; n <= 23; n++)
      addMessage(org, followerId, start + n * 60_000, { direction: n % 2 ? 'in' : 'out', type: 'Text', columns: { [M.Content]: `#${n}` } });
    const timers = new ManualTimers();
    const store = storeFor(timers, 10);
    await store.open(followerId);
    const contents = () => store.getState().messages.map((m) => Number(m.content.slice(1)));
    expect([contents()[0], contents().length, store.getState().hasOlder]).toEqual([14, 10, true]);
    await store.loadOlder();
    await store.loadOlder();
    expect([contents(), store.getState().hasOlder]).toEqual([Array.from({ length: 23 }, (_, i) => i + 1), false]);
    store.close();
  });

  it('drops answers for a follower it no longer shows', async () => {
    const first = addFollower(org, { name: 'First', openid: 'oFirst' });
    const second = addFollower(org, { name: 'Second', openid: 'oSecond' });
    addMessage(org, first, Date.now() - 60_000, { direction: 'in', type: 'Text', columns: { [M.Content]: 'from first' } });
    addMessage(org, second, Date.now() - 60_000, { direction: 'in', type: 'Text', columns: { [M.Content]: 'from second' } });
    const timers = new ManualTimers();
    const store = storeFor(timers);
    const late = store.open(first);
    await store.open(second);
    await late;
    expect([store.getState().follower?.name, store.getState().messages.map((m) => m.content)]).toEqual(['Second', ['from second']]);
    expect(timers.delays).toEqual([2000]);
    store.close();
  });
});

describe("the harness's context.webAPI", () => {
  const reply = (collection: string) => ({
    [M.Direction]: Direction.Outbound,
    [M.MessageType]: MessageType.Image,
    [M.WeChatMsgId]: `out:${crypto.randomUUID()}`,
    [`${Message.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${org.accountId})`,
    [collection]: [{ subject: 'WeChat image reply', filename: 'x.png', mimetype: 'image/png', documentbody: 'AAEC' }],
  });

  it('posts a deep insert as one request to the entity set; the emulator creates the note with the message', async () => {
    const log: RequestLogEntry[] = [];
    const webApi = createWebApi(log, { root: org.emulator.serviceRoot, headers: () => ({ Authorization: `Bearer ${org.token()}` }) });
    const { id } = await webApi.createRecord(Message.logicalName, reply(Message.notes.collection));
    expect(log.map((r) => [r.method, r.url, r.status])).toEqual([['POST', `${org.emulator.serviceRoot}${EntitySets.Message}`, 204]]);
    expect(
      org.emulator
        .rows('annotation')
        .filter((n) => n['_objectid_value'] === id)
        .map((n) => n['filename']),
    ).toEqual(['x.png']);
  });

  it('gets the 400 a real org answers for the schema-name casing wxm_Message_Annotations', async () => {
    const webApi = createWebApi([], { root: org.emulator.serviceRoot, headers: () => ({ Authorization: `Bearer ${org.token()}` }) });
    const error = await webApi.createRecord(Message.logicalName, reply('wxm_Message_Annotations')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WebApiError);
    expect([(error as WebApiError).status, (error as WebApiError).code, (error as WebApiError).message]).toEqual([
      400,
      '0x0',
      "An error occurred while validating input parameters: Microsoft.Crm.CrmException: Invalid property 'wxm_Message_Annotations' was found in entity 'Microsoft.Dynamics.CRM.wxm_message'. ---> Microsoft.OData.ODataException: Does not support untyped value in non-open type.",
    ]);
  });
});
