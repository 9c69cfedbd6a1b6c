/** Public types of the WeChat platform simulator (see README.md). */

export interface SimClock {
  /** Epoch milliseconds. */
  now(): number;
}

export interface ComponentCredentials {
  appid: string;
  appsecret: string;
  /** Message-check token (消息校验Token). */
  token: string;
  /** 43-character EncodingAESKey (消息加解密Key). */
  encodingAesKey: string;
}

/** An Official Account (or Mini Program) that exists on the simulated WeChat. */
export interface SimAccountInit {
  appid: string;
  /** Original ID, gh_… */
  originalId: string;
  nickName: string;
  /** service_type_info.id: 0 subscription, 1 upgraded subscription, 2 service account. */
  serviceType: number;
  /** verify_type_info.id: -1 unverified, 0 WeChat verified, … */
  verifyType: number;
  /** Permission sets the account grants when it authorizes (func_info ids); a default set when omitted. */
  funcScopes?: number[];
  isMiniProgram?: boolean;
  principalName?: string;
  alias?: string;
}

export interface SimulatorOptions {
  port?: number;
  host?: string;
  component: ComponentCredentials;
  /** Base URL of the relay; pushes go to `${relayUrl}/api/wechat/component` and `/api/wechat/accounts/{appid}/callback`. */
  relayUrl: string;
  clock?: SimClock;
  /** Lifetime of component and authorizer access tokens (WeChat: 7200). */
  tokenTtlSeconds?: number;
  /** A replaced token stays valid this long (WeChat: 300), then answers 40001. */
  tokenOverlapSeconds?: number;
  /** Push component_verify_ticket every N ms of real time (WeChat: 600 000); 0 or absent = off. */
  ticketIntervalMs?: number;
  accounts?: SimAccountInit[];
  /** Create the 全网发布 test accounts (five OA and five Mini Program groups). Default true. */
  releaseTestAccounts?: boolean;
  /** api_authorizer_token returns a new refresh token each time and invalidates the old one. Default false. */
  rotateRefreshTokens?: boolean;
  /** An auth code can be exchanged only once (a second api_query_auth answers 61009). Default true. */
  authCodeSingleUse?: boolean;
  /** Push TEMPLATESENDJOBFINISH / MASSSENDJOBFINISH after template and mass sends. Default true. */
  jobFinishEvents?: boolean;
  /** Per-API daily limits (key = API path without /cgi-bin/, e.g. "message/custom/send"). */
  dailyQuotas?: Record<string, number>;
  /** How long a push waits for the relay (WeChat: 5000 ms). */
  pushTimeoutMs?: number;
}

/** What a follower does (POST /sim/push). Field names follow the XML elements in camelCase. */
export interface PushInput {
  appid: string;
  openid: string;
  msgType: 'text' | 'image' | 'voice' | 'video' | 'shortvideo' | 'location' | 'link' | 'event';
  content?: string;
  event?: string;
  eventKey?: string;
  ticket?: string;
  msgId?: string;
  mediaId?: string;
  picUrl?: string;
  format?: string;
  recognition?: string;
  thumbMediaId?: string;
  locationX?: number;
  locationY?: number;
  scale?: number;
  label?: string;
  title?: string;
  description?: string;
  url?: string;
  latitude?: number;
  longitude?: number;
  precision?: number;
  /** Extra elements for events not modelled above (MsgID, Status, …). */
  extra?: Record<string, string | number>;
  /** CreateTime override (seconds); default = the clock. */
  createTime?: number;
  /** Deliver the identical encrypted push this many times (WeChat retries). Default 1. */
  repeat?: number;
}

/** The relay's passive reply, decrypted and checked as WeChat would. */
export interface DecryptedReply {
  xml: string;
  fields: Record<string, unknown>;
  /** What the follower sees, in one line: `text: …`, `image: <media_id>`, `news: <title> <url>`, … */
  shown: string;
}

export interface PushResult {
  /** HTTP status; 0 when the relay could not be reached or did not answer within the timeout. */
  status: number;
  body: string;
  durationMs: number;
  /** Present when the body was an encrypted reply that verified and decrypted. */
  reply?: DecryptedReply;
  /** Why the reply would not reach the follower (bad signature, not encrypted, …), or a network error. */
  error?: string;
}

export interface SentMessage {
  seq: number;
  at: number;
  /** API path without /cgi-bin/, e.g. "message/custom/send". */
  api: string;
  appid: string;
  body: unknown;
  errcode: number;
  errmsg: string;
  /** Mass sends: the openids the job reached. */
  recipients?: string[];
}

export interface SimStats {
  componentTokenCalls: number;
  authorizerTokenCalls: number;
  queryAuthCalls: number;
  /** Requests rejected because their token was replaced more than the overlap ago (40001) or expired (42001). */
  staleTokenRejections: number;
  /** Requests that used a token after a newer one was issued, within or after the overlap. */
  replacedTokenUses: number;
  unknownTokenRejections: number;
  ticketsPushed: number;
  pushes: number;
  apiCalls: Record<string, number>;
}

export interface ReleaseTestCase {
  name: 'ticket' | 'event' | 'text' | 'api_text';
  passed: boolean;
  detail: string;
}

export interface ReleaseTestReport {
  appid: string;
  passed: boolean;
  cases: ReleaseTestCase[];
}
