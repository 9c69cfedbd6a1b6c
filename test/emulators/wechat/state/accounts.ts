/**
 * Official Accounts and Mini Programs that exist on the simulated WeChat, their authorization of the component,
 * and their followers.
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/api/ThirdParty/token/api_get_authorizer_info.html
 * https://developers.weixin.qq.com/doc/oplatform/Third-party_Platforms/2.0/operation/thirdparty/releases_instructions.html
 */
import { randomBytes } from 'node:crypto';
import { SimInputError } from '../errors.js';
import type { SimAccountInit } from '../types.js';
import { ServiceWindow } from './service-window.js';

/** Permission sets an OA grants by default: messages, users, account, web, customer service, mass, media, menu… subscription notifications (89). */
export const DEFAULT_OA_SCOPES: readonly number[] = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 15, 16, 22, 23, 24, 26, 89];
export const DEFAULT_MINI_PROGRAM_SCOPES: readonly number[] = [17, 18, 19, 20, 21];

export interface Follower {
  openid: string;
  following: boolean;
  /** Seconds, as user/info reports it. */
  subscribeTime: number;
  subscribeScene: string;
  qrScene: number;
  qrSceneStr: string;
  remark: string;
  tagIds: number[];
  window: ServiceWindow;
}

export interface Authorization {
  status: 'authorized' | 'unauthorized';
  scopes: number[];
  refreshToken: string;
  authorizedAt: number;
  updatedAt: number;
}

export interface SimAccount {
  appid: string;
  originalId: string;
  nickName: string;
  serviceType: number;
  verifyType: number;
  funcScopes: number[];
  isMiniProgram: boolean;
  principalName: string;
  alias: string;
  authorization?: Authorization;
  followers: Map<string, Follower>;
  tags: Map<number, { id: number; name: string }>;
  nextTagId: number;
  menu?: unknown;
  /** Times clear_quota was used this month, keyed by month. */
  quotaClears: Map<string, number>;
}

/** The five 全网发布 groups: OA and Mini Program test accounts WeChat's release robot uses. */
export const RELEASE_TEST_ACCOUNTS: readonly SimAccountInit[] = [
  ['wx570bc396a51b8ff8', 'gh_3c884a361561', 'wxd101a85aa106f53e', 'gh_8dad206e9538'],
  ['wx9252c5e0bb1836fc', 'gh_c0f28a78b318', 'wxc39235c15087f6f3', 'gh_905ae9d01059'],
  ['wx8e1097c5bc82cde9', 'gh_3f222ed8d140', 'wx7720d01d4b2a4500', 'gh_393666f1fdf4'],
  ['wx14550af28c71a144', 'gh_26128078e9ab', 'wx05d483572dcd5d8b', 'gh_39abb5d4e1b7'],
  ['wxa35b9c23cfe664eb', 'gh_2b3713f184a6', 'wx5910277cae6fd970', 'gh_7818dcb60240'],
].flatMap(([oa, oaGh, mp, mpGh], i) => [
  { appid: oa as string, originalId: oaGh as string, nickName: `全网发布测试公众号${i + 1}`, serviceType: 2, verifyType: 0 },
  { appid: mp as string, originalId: mpGh as string, nickName: `全网发布测试小程序${i + 1}`, serviceType: 0, verifyType: 0, isMiniProgram: true },
]);

export const RELEASE_TEST_OA_APPIDS: readonly string[] = RELEASE_TEST_ACCOUNTS.filter((a) => !a.isMiniProgram).map((a) => a.appid);

export function createAccount(init: SimAccountInit): SimAccount {
  const isMiniProgram = init.isMiniProgram ?? false;
  if (!/^wx[0-9a-zA-Z]{14,18}$/.test(init.appid)) throw new SimInputError(`appid "${init.appid}" is not a WeChat appid (wx + 16 characters)`);
  if (!/^gh_[0-9a-zA-Z]+$/.test(init.originalId)) throw new SimInputError(`originalId "${init.originalId}" must look like gh_…`);
  if (!init.nickName) throw new SimInputError('nickName is required');
  if (!Number.isInteger(init.serviceType) || !Number.isInteger(init.verifyType)) {
    throw new SimInputError('serviceType and verifyType must be integers');
  }
  const scopes = init.funcScopes ?? (isMiniProgram ? DEFAULT_MINI_PROGRAM_SCOPES : DEFAULT_OA_SCOPES);
  if (!scopes.every((s) => Number.isInteger(s) && s > 0)) throw new SimInputError('funcScopes must be positive integers');
  return {
    appid: init.appid,
    originalId: init.originalId,
    nickName: init.nickName,
    serviceType: init.serviceType,
    verifyType: init.verifyType,
    funcScopes: [...scopes],
    isMiniProgram,
    principalName: init.principalName ?? '模拟科技有限公司',
    alias: init.alias ?? '',
    followers: new Map(),
    tags: new Map(),
    // WeChat reserves ids 0–2 (blacklist, star group…); created tags start at 100.
    nextTagId: 100,
    quotaClears: new Map(),
  };
}

export function isAuthorized(account: SimAccount): boolean {
  return account.authorization?.status === 'authorized';
}

/** A random openid shaped like WeChat's (28 characters starting with "o"). */
export function newOpenid(): string {
  return `o${randomBytes(21).toString('base64url').slice(0, 27)}`;
}

/** The follower, created on first contact: anyone who writes to an account follows it. */
export function followerFor(account: SimAccount, openid: string, nowMs: number): Follower {
  let follower = account.followers.get(openid);
  if (!follower) {
    follower = {
      openid,
      following: true,
      subscribeTime: Math.floor(nowMs / 1000),
      subscribeScene: 'ADD_SCENE_SEARCH',
      qrScene: 0,
      qrSceneStr: '',
      remark: '',
      tagIds: [],
      window: new ServiceWindow(),
    };
    account.followers.set(openid, follower);
  }
  return follower;
}
