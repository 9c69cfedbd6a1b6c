/**
 * The storage ports the relay's use cases depend on. storage/ implements them on Azure Storage (Tables, Queues,
 * Blobs) and in memory for unit tests. Use cases never import an Azure SDK. Every port of the use cases lives in
 * this folder (relay/ports/); the WeChat token providers' own ports are wechat/tokens/ports.ts.
 */

/** A durable FIFO-ish queue (Azure Storage Queue). `enqueue` resolves only once the message is stored. */
export interface Queue<T> {
  /** `delaySeconds` keeps the message invisible that long first (backoff). */
  enqueue(message: T, options?: { delaySeconds?: number }): Promise<void>;
  /** Approximate number of waiting messages, for /api/health. */
  depth(): Promise<number>;
}

/** Encrypts secrets at rest (AES-256-GCM with RELAY_SECRET_KEY). */
export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

/** An Official Account (or Mini Program) that authorized the component. */
export interface AuthorizerRecord {
  appid: string;
  /** Original ID, gh_… */
  originalId: string;
  nickName: string;
  /** 0/1 subscription account, 2 service account, as WeChat reports; undefined for mini programs. */
  serviceType?: number;
  /** -1 unverified, 0 WeChat verified, … */
  verifyType?: number;
  isMiniProgram: boolean;
  /** Permission set ids granted (func_info). */
  funcScopes: number[];
  /** 'authorized' until the account revokes; then 'unauthorized' and nothing more is stored for it. */
  status: 'authorized' | 'unauthorized';
  authorizedAt: number;
  updatedAt: number;
}

export interface AuthorizerRegistry {
  get(appid: string): Promise<AuthorizerRecord | undefined>;
  put(record: AuthorizerRecord): Promise<void>;
  list(): Promise<AuthorizerRecord[]>;
}

/**
 * Small shared key → value memory with an expiry (Azure Table). Used for values every instance must agree on:
 * which authorization codes were already exchanged, the one-time binding tokens.
 */
export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  /** Stores `value`; an entry past `expiresAt` (epoch ms) reads as absent. */
  put(key: string, value: string, expiresAt?: number): Promise<void>;
  /** Stores only when absent (or expired). Returns false when a live entry exists. */
  putIfAbsent(key: string, value: string, expiresAt?: number): Promise<boolean>;
  delete(key: string): Promise<void>;
}
