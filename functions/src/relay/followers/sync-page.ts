/**
 * One step of an account's full follower sync: one user/get page (≤ 10,000 openids) from the checkpoint, its
 * profiles by batchget 100 at a time, each chunk's rows created-or-updated by the follower alternate key through
 * the gateway's batched `org.submit` (chunks of a group are submitted together, so a `$batch` carries up to 1000
 * operations). The checkpoint (the page's next_openid and the position inside the page) is saved after each group;
 * writes are idempotent upserts, so a crash between a write and its checkpoint repeats work but never duplicates a
 * row, and nothing before the checkpoint is skipped. 45009 (today's quota) pauses the sync until the next Beijing
 * midnight with a bilingual reason; the checkpoint stays where the quota stopped it.
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/Getting_a_User_List.html
 * https://developers.weixin.qq.com/doc/offiaccount/User_Management/Get_users_basic_information_UnionID.html
 */
import type { DataverseOrg } from '../../dataverse/types.js';
import type { TokenSource } from '../../wechat/api/types.js';
import { WechatApiError } from '../../wechat/index.js';
import { BATCHGET_MAX, type FollowerUsersApi } from '../../wechat/official-account/users.js';
import type { WechatUserInfo } from '../../wechat/official-account/types.js';
import type { KeyValueStore } from '../ports/storage.js';
import { followerUpsert } from './follower-upsert.js';

export interface SyncCheckpoint {
  /** next_openid for the page being synced ('' = the first page). */
  pageFrom: string;
  /** Openids of that page already written. */
  position: number;
  /** Followers written so far in this run. */
  synced: number;
  total: number;
}

export interface SyncPageDeps {
  users: FollowerUsersApi;
  token: TokenSource;
  org: DataverseOrg;
  checkpoints: KeyValueStore;
  now: () => number;
  /** batchget chunks written per group (checkpoint after each): 10 × 100 = one full `$batch`. */
  chunksPerGroup?: number;
  /** Groups in flight at once (their change sets share `$batch` requests). */
  groupsInFlight?: number;
}

export type SyncStepOutcome =
  | { kind: 'more'; checkpoint: SyncCheckpoint }
  | { kind: 'completed'; synced: number; total: number }
  | { kind: 'paused'; resumeOn: number; reason: string; checkpoint: SyncCheckpoint }
  | { kind: 'failed'; reason: string; checkpoint: SyncCheckpoint };

export const checkpointKey = (appid: string): string => `follower-sync|${appid}`;

export async function readCheckpoint(store: KeyValueStore, appid: string): Promise<SyncCheckpoint> {
  const raw = await store.get(checkpointKey(appid));
  return raw ? (JSON.parse(raw) as SyncCheckpoint) : { pageFrom: '', position: 0, synced: 0, total: 0 };
}

const BEIJING_MS = 8 * 3600_000;
/** WeChat's daily quotas reset at midnight Beijing time. */
export function nextBeijingMidnight(ms: number): number {
  return Math.floor((ms + BEIJING_MS) / 86_400_000 + 1) * 86_400_000 - BEIJING_MS;
}

export function quotaReason(resumeOn: number): string {
  const at = new Date(resumeOn).toISOString();
  return `Paused: WeChat's daily quota for the follower APIs is used up (45009); the sync resumes at ${at} (midnight Beijing time), or reset the quota.\n已暂停：今日粉丝接口调用次数已用完（45009），将于 ${at}（北京时间零点）继续，或重置接口调用次数。`;
}

/** Runs one page from the stored checkpoint. */
export async function syncFollowerPage(appid: string, accountId: string, deps: SyncPageDeps): Promise<SyncStepOutcome> {
  let cp = await readCheckpoint(deps.checkpoints, appid);
  const save = (next: SyncCheckpoint) => deps.checkpoints.put(checkpointKey(appid), JSON.stringify(next));
  try {
    const page = await deps.users.listFollowers(deps.token, cp.pageFrom);
    cp = { ...cp, total: page.total };
    if (page.openids.length === 0) {
      await deps.checkpoints.delete(checkpointKey(appid));
      return { kind: 'completed', synced: cp.synced, total: page.total };
    }
    const chunks: string[][] = [];
    for (let i = cp.position; i < page.openids.length; i += BATCHGET_MAX) chunks.push(page.openids.slice(i, i + BATCHGET_MAX));
    const perGroup = deps.chunksPerGroup ?? 10;
    const groups: string[][][] = [];
    for (let i = 0; i < chunks.length; i += perGroup) groups.push(chunks.slice(i, i + perGroup));
    // Groups run `groupsInFlight` at a time (a wave) and their checkpoints advance in order. The next wave's profiles
    // are read from WeChat while this wave is written to Dataverse: reads change nothing, so a crash or a 45009 in
    // them leaves the checkpoint at the last wave written.
    const inFlight = Math.max(1, deps.groupsInFlight ?? 2);
    const waves: string[][][][] = [];
    for (let g = 0; g < groups.length; g += inFlight) waves.push(groups.slice(g, g + inFlight));
    const read = (wave: string[][][] | undefined) => {
      if (!wave) return undefined;
      const profiles = Promise.all(wave.map((group) => Promise.all(group.map((chunk) => deps.users.batchGetUserInfo(deps.token, chunk)))));
      profiles.catch(() => undefined); // awaited below; until then a rejection must not count as unhandled
      return profiles;
    };
    let next = read(waves[0]);
    for (let w = 0; w < waves.length; w++) {
      const profiles = (await next) ?? [];
      next = read(waves[w + 1]);
      const written = await Promise.all(profiles.map((group) => writeGroup(group, accountId, deps)));
      const count = written.reduce((a, b) => a + b, 0);
      cp = { ...cp, position: cp.position + count, synced: cp.synced + count };
      await save(cp);
    }
    cp = { pageFrom: page.nextOpenid, position: 0, synced: cp.synced, total: page.total };
    await save(cp);
    return { kind: 'more', checkpoint: cp };
  } catch (err) {
    if (err instanceof WechatApiError && err.errcode === 45009) {
      const resumeOn = nextBeijingMidnight(deps.now());
      return { kind: 'paused', resumeOn, reason: quotaReason(resumeOn), checkpoint: cp };
    }
    if (err instanceof WechatApiError && err.kind !== 'busy' && err.kind !== 'token-invalid') {
      return { kind: 'failed', reason: `WeChat ${err.errcode}: ${err.en}\n微信 ${err.errcode}：${err.zh}`, checkpoint: cp };
    }
    throw err; // network, token refresh, Dataverse: the queue retries from the checkpoint
  }
}

async function writeGroup(profiles: WechatUserInfo[][], accountId: string, deps: SyncPageDeps): Promise<number> {
  // One change set per batchget chunk; the gateway packs the group's change sets into shared `$batch` requests.
  const outcomes = await Promise.all(profiles.map((infos) => deps.org.submit(infos.map((info) => followerUpsert(accountId, info)))));
  const failed = outcomes.flat().find((o) => !o.ok);
  if (failed && !failed.ok) throw new Error(`follower sync write failed: ${failed.error.kind} ${failed.error.code}`);
  return profiles.reduce((n, infos) => n + infos.length, 0);
}
