/**
 * Acts as a Dynamics user in the sandbox (reads .data/sandbox.json, talks to the Dataverse emulator's Web API
 * with the sandbox admin's token):
 *   npm run sandbox:messages            the conversation rows, oldest first
 *   npm run sandbox:reply -- "谢谢 🙏"   an operator's reply to the demo follower (an outbound wxm_message)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamicsWebApi } from 'dynamics-web-api';
import { DeliveryStatus, Direction, Follower, Message, MessageType, OfficialAccount } from '@wxm/solution/schema';
import { DATA_DIR } from './local/local-state.js';
import type { SandboxInfo } from './local/sandbox.js';

const M = Message.columns;

async function main(): Promise<void> {
  const info = JSON.parse(readFileSync(join(DATA_DIR, 'sandbox.json'), 'utf8')) as SandboxInfo;
  if (!info.dataverseUrl || !info.dataverseToken) throw new Error('.data/sandbox.json has no Dataverse: start the sandbox with `npm start` first.');
  const api = new DynamicsWebApi({ serverUrl: info.dataverseUrl, dataApi: { version: '9.2' }, onTokenRefresh: async () => info.dataverseToken ?? '' });
  const [command, ...rest] = process.argv.slice(2);
  if (command === 'reply') return reply(api, info, rest.join(' '));
  return list(api);
}

async function list(api: DynamicsWebApi): Promise<void> {
  const { value } = await api.retrieveMultiple({
    collection: Message.entitySetName,
    select: [M.Direction, M.MessageType, M.Content, M.Event, M.DeliveryStatus, M.ErrorDetail, M.WeChatCreatedOn, M.CreatedOn],
    orderBy: [`${M.CreatedOn} asc`],
  });
  const direction = (v: unknown) => (v === Direction.Outbound ? '→ out' : '← in ');
  const status = (v: unknown) => Object.entries(DeliveryStatus).find(([, n]) => n === v)?.[0] ?? '';
  for (const row of value as Record<string, unknown>[]) {
    const what = row[M.Content] ?? (row[M.Event] ? `[event ${String(row[M.Event])}]` : '');
    const created = row[M.CreatedOn];
    const when = created instanceof Date ? created.toISOString() : String(created ?? '');
    console.log(
      `${when}  ${direction(row[M.Direction])}  ${String(what)}  ${status(row[M.DeliveryStatus])}${row[M.ErrorDetail] ? `  (${String(row[M.ErrorDetail]).split('\n')[0]})` : ''}`,
    );
  }
  console.log(`${value.length} message(s)`);
}

async function reply(api: DynamicsWebApi, info: SandboxInfo, text: string): Promise<void> {
  if (!text.trim()) throw new Error('Usage: npm run sandbox:reply -- "your reply"');
  const accounts = (
    await api.retrieveMultiple({
      collection: OfficialAccount.entitySetName,
      select: [OfficialAccount.columns.Id],
      filter: `${OfficialAccount.columns.AppId} eq '${info.demoAccount.appid}'`,
    })
  ).value as Record<string, unknown>[];
  const accountId = accounts[0]?.[OfficialAccount.columns.Id];
  const followers = (
    await api.retrieveMultiple({
      collection: Follower.entitySetName,
      select: [Follower.columns.Id],
      filter: `${Follower.columns.OpenId} eq '${info.demoFollower}'`,
    })
  ).value as Record<string, unknown>[];
  const followerId = followers[0]?.[Follower.columns.Id];
  if (!accountId || !followerId) throw new Error('The demo follower has not written yet: make it say something first (see the sandbox steps).');
  const id = await api.create({
    collection: Message.entitySetName,
    data: {
      [M.Name]: text.slice(0, 100),
      [M.Direction]: Direction.Outbound,
      [M.MessageType]: MessageType.Text,
      [M.Content]: text,
      [M.DeliveryStatus]: DeliveryStatus.Pending,
      // Outbound rows carry their own id in the message key (the alternate key needs a value).
      [M.WeChatMsgId]: `out:${crypto.randomUUID()}`,
      [`${Message.navigation.OfficialAccountId}@odata.bind`]: `/${OfficialAccount.entitySetName}(${String(accountId)})`,
      [`${Message.navigation.FollowerId}@odata.bind`]: `/${Follower.entitySetName}(${String(followerId)})`,
    },
  });
  console.log(`Created outbound message ${String(id)}; the relay sends it and marks it Sent (npm run sandbox:messages).`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
