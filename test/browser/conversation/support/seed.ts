/**
 * A customer org for the browser tests: a Dataverse emulator whose clock the seed can set (so seeded rows get the
 * creation times a real history would have), one Official Account, and helpers that write followers, messages
 * and media notes the way the relay stores them (functions/src/relay/delivery/message-row.ts, media.ts).
 */
import { DeliveryStatus, Direction, EntitySets, Follower, Message, MessageType, OfficialAccount } from '@wxm/solution/schema';
import { startDataverseEmulator, type DataverseEmulator } from '../../../emulators/dataverse/index.js';

const M = Message.columns;

export interface SeedOrg {
  emulator: DataverseEmulator;
  accountId: string;
  /** A token of the org's first application user (every privilege): the operator using the page. */
  token: () => string;
  /** Runs `write` with the emulator's clock set to `at` (epoch ms), so rows get that createdon/modifiedon. */
  at<T>(at: number, write: () => T): T;
  close(): Promise<void>;
}

export async function startSeedOrg(): Promise<SeedOrg> {
  let fixed: number | undefined;
  const emulator = await startDataverseEmulator({ clock: () => fixed ?? Date.now() });
  const accountId = emulator.insert(EntitySets.OfficialAccount, {
    [OfficialAccount.columns.Name]: '甲公司 A',
    [OfficialAccount.columns.AppId]: 'wx00000000000000a1',
    [OfficialAccount.columns.OriginalId]: 'gh_0000000000a1',
  });
  let token = '';
  let tokenUntil = 0;
  return {
    emulator,
    accountId,
    token: () => {
      if (Date.now() > tokenUntil) {
        token = emulator.issueToken({ lifetimeSeconds: 3600 });
        tokenUntil = Date.now() + 3_000_000;
      }
      return token;
    },
    at(at, write) {
      fixed = at;
      try {
        return write();
      } finally {
        fixed = undefined;
      }
    },
    close: () => emulator.close(),
  };
}

export function addFollower(org: SeedOrg, input: { name: string; openid: string; subscribed?: boolean }): string {
  return org.emulator.insert(EntitySets.Follower, {
    [Follower.columns.Name]: input.name,
    [Follower.columns.OpenId]: input.openid,
    [Follower.columns.Subscribed]: input.subscribed ?? true,
    [`${Follower.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${org.accountId})`,
  });
}

export type SeedMessage = {
  direction: 'in' | 'out';
  type: keyof typeof MessageType;
  status?: keyof typeof DeliveryStatus;
  columns?: Record<string, unknown>;
};

let sequence = 0;

/** One message at `at`: inbound rows carry WeChat's CreateTime, replies their own id (`out:…`). */
export function addMessage(org: SeedOrg, followerId: string, at: number, message: SeedMessage): string {
  const inbound = message.direction === 'in';
  sequence++;
  return org.at(at, () =>
    org.emulator.insert(EntitySets.Message, {
      [M.Name]: `${message.type} ${sequence}`,
      [M.Direction]: inbound ? Direction.Inbound : Direction.Outbound,
      [M.MessageType]: MessageType[message.type],
      [M.DeliveryStatus]: DeliveryStatus[message.status ?? (inbound ? 'Received' : 'Sent')],
      [M.WeChatMsgId]: inbound ? `${7000000000000000000n + BigInt(sequence)}` : `out:seed-${sequence}`,
      ...(inbound && { [M.WeChatCreatedOn]: new Date(Math.floor(at / 1000) * 1000).toISOString() }),
      [`${Message.navigation.FollowerId}@odata.bind`]: `/${EntitySets.Follower}(${followerId})`,
      [`${Message.navigation.OfficialAccountId}@odata.bind`]: `/${EntitySets.OfficialAccount}(${org.accountId})`,
      ...message.columns,
    }),
  );
}

/** A note on a message: a file (documentbody) or, when WeChat kept the file back, only the reason. */
export function addNote(
  org: SeedOrg,
  messageId: string,
  note: { subject: string; file?: { name: string; type: string; bytes: Buffer }; text?: string },
): string {
  return org.emulator.insert('annotations', {
    subject: note.subject,
    ...(note.file && { filename: note.file.name, mimetype: note.file.type, documentbody: note.file.bytes.toString('base64') }),
    ...(note.text !== undefined && { notetext: note.text }),
    [`objectid_${Message.logicalName}@odata.bind`]: `/${EntitySets.Message}(${messageId})`,
  });
}
