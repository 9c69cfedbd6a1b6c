/**
 * Issue 11 items 4 and 5 end to end, one relay process under the shipped Relay role: the MP console's rules are
 * imported when the Signed Service connects the account; an admin saves a keyword rule in Dataverse, the webhook
 * tells the relay, which checks and compiles it; the follower's message is answered with the passive reply inside
 * the callback (the simulator decrypts it) and the conversation holds both messages once; a clashing rule is refused
 * on its row; the reply window is recorded on the follower.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AutoReply,
  AutoReplyKind,
  AutoReplyState,
  AutoReplyType,
  ConnectionStatus,
  Direction,
  Follower,
  KeywordMatch,
  Message,
  OfficialAccount,
  SignedService,
} from '@wxm/solution/schema';
import { REALISTIC_CONSOLE_RULES } from '../emulators/wechat/apis/autoreply.js';
import { accountA, startBridgeWorld, type BridgeWorld, type Org } from '../support/bridge-world.js';
import { eventually } from '../support/eventually.js';

const C = AutoReply.columns;
const M = Message.columns;
const OPENID = 'oAutoReplyFollower0000000001';
let world: BridgeWorld;
let org: Org;
let accountId: string;

beforeAll(async () => {
  world = await startBridgeWorld();
  org = world.orgs[0];
  world.sim.setConsoleAutoReplies(accountA.appid, REALISTIC_CONSOLE_RULES);
  const token = await world.authorize(accountA);
  const signed = await world.createSignedService(org, { [SignedService.columns.AppId]: accountA.appid, [SignedService.columns.BindingToken]: token });
  await eventually(async () => {
    const row = (await org.admin.retrieve({ collection: SignedService.entitySetName, key: signed })) as Record<string, unknown>;
    expect(row[SignedService.columns.ConnectionStatus]).toBe(ConnectionStatus.Connected);
  });
  const accounts = (await org.admin.retrieveMultiple({ collection: OfficialAccount.entitySetName, select: [OfficialAccount.columns.Id] })).value as Record<
    string,
    unknown
  >[];
  accountId = String(accounts[0]?.[OfficialAccount.columns.Id]);
}, 120_000);
afterAll(() => world?.close());

const rules = async () =>
  (await org.admin.retrieveMultiple({ collection: AutoReply.entitySetName, select: [C.Name, C.State, C.FailureReason, C.Imported] })).value as Record<
    string,
    unknown
  >[];

describe('auto replies through the relay', () => {
  it('imports the MP console rules when the account connects', async () => {
    const imported = await eventually(async () => {
      const all = await rules();
      expect(all.filter((r) => r[C.State] === AutoReplyState.Active || r[C.State] === AutoReplyState.Failed)).toHaveLength(6);
      return all;
    });
    expect(imported.every((r) => r[C.Imported] === true)).toBe(true);
  });

  it('answers a keyword inside the callback once the saved rule is Active, and stores the reply once', async () => {
    const id = String(
      await org.admin.create({
        collection: AutoReply.entitySetName,
        data: {
          [C.Name]: 'Parking',
          [`${AutoReply.navigation.OfficialAccountId}@odata.bind`]: `/${OfficialAccount.entitySetName}(${accountId})`,
          [C.Kind]: AutoReplyKind.Keyword,
          [C.Keywords]: '停车\nparking',
          [C.MatchMode]: KeywordMatch.Contains,
          [C.ReplyType]: AutoReplyType.Text,
          [C.ReplyText]: '{account}: B2 停车场免费 2 小时 / free parking, {openid}',
        },
      }),
    );
    await eventually(async () => {
      const row = (await org.admin.retrieve({ collection: AutoReply.entitySetName, key: id })) as Record<string, unknown>;
      expect(row[C.State]).toBe(AutoReplyState.Active);
    });
    const results = await eventually(async () => {
      const r = await world.sim.push({
        appid: accountA.appid,
        openid: OPENID,
        msgType: 'text',
        content: 'Where is parking?',
        msgId: '5500000000000000001',
        repeat: 2,
      });
      expect(r[0]?.reply?.shown).toBe(`text: ${accountA.nickName}: B2 停车场免费 2 小时 / free parking, ${OPENID}`);
      return r;
    });
    // WeChat's retry of the same push gets the same reply.
    expect(results.map((r) => [r.status, r.reply?.shown])).toEqual([
      [200, `text: ${accountA.nickName}: B2 停车场免费 2 小时 / free parking, ${OPENID}`],
      [200, `text: ${accountA.nickName}: B2 停车场免费 2 小时 / free parking, ${OPENID}`],
    ]);
    const conversation = await eventually(async () => {
      const rows = (
        await org.admin.retrieveMultiple({
          collection: Message.entitySetName,
          select: [M.Direction, M.Content, M.Automatic, M.WeChatMsgId],
          filter: `${M.WeChatMsgId} eq '5500000000000000001' or ${M.WeChatMsgId} eq 'auto:5500000000000000001'`,
        })
      ).value as Record<string, unknown>[];
      expect(rows).toHaveLength(2);
      return rows;
    });
    expect(conversation.find((r) => r[M.Direction] === Direction.Outbound)).toMatchObject({ [M.Automatic]: true });
    const follower = (
      (
        await org.admin.retrieveMultiple({
          collection: Follower.entitySetName,
          select: [Follower.columns.LastMessageOn, Follower.columns.SentSinceMessage],
          filter: `${Follower.columns.OpenId} eq '${OPENID}'`,
        })
      ).value as Record<string, unknown>[]
    )[0];
    expect(follower?.[Follower.columns.SentSinceMessage]).toBe(0);
    expect(follower?.[Follower.columns.LastMessageOn]).toBeInstanceOf(Date);
  });

  it('refuses a rule whose keyword another active rule answers, with the reason on the row', async () => {
    const id = String(
      await org.admin.create({
        collection: AutoReply.entitySetName,
        data: {
          [C.Name]: 'Parking 2',
          [`${AutoReply.navigation.OfficialAccountId}@odata.bind`]: `/${OfficialAccount.entitySetName}(${accountId})`,
          [C.Kind]: AutoReplyKind.Keyword,
          [C.Keywords]: 'PARKING',
          [C.ReplyType]: AutoReplyType.Text,
          [C.ReplyText]: 'again',
        },
      }),
    );
    const row = await eventually(async () => {
      const r = (await org.admin.retrieve({ collection: AutoReply.entitySetName, key: id })) as Record<string, unknown>;
      expect(r[C.State]).toBe(AutoReplyState.Failed);
      return r;
    });
    expect(row[C.FailureReason]).toBe(
      'Another active rule of this account, "Parking", already answers the keyword "parking".\n此公众号的另一条有效规则“Parking”已回复关键词“parking”。',
    );
  });
});
