/** Shapes shared by the API client and the typed API modules. */

/** Where a call gets its access token, and where it reports one that WeChat refused. */
export interface TokenSource {
  get(): Promise<string>;
  /** WeChat refused `value` (40001/40014/42001): drop it if it is still the current one. */
  invalidate(value: string): Promise<void>;
}

export type WechatLogFields = Record<string, string | number | boolean | undefined | null>;

/** Structurally compatible with the relay's Logger. */
export interface WechatLogger {
  info(message: string, fields?: WechatLogFields): void;
  warn(message: string, fields?: WechatLogFields): void;
  error(message: string, fields?: WechatLogFields): void;
}

export type QueryValue = string | number | boolean | undefined;

export interface WechatRequest {
  method: 'GET' | 'POST';
  /** Path below the base URL, starting with `/`, without query: `/cgi-bin/message/custom/send`. */
  path: string;
  query?: Readonly<Record<string, QueryValue>>;
  /** Sent as JSON; a FormData is sent as multipart/form-data. */
  body?: unknown;
  /** Query parameter that carries the token. Default `access_token` when `token` is given. */
  tokenParam?: 'access_token' | 'component_access_token';
  token?: TokenSource;
}

/** A binary download (media/get), or the JSON WeChat answers instead (e.g. a video's `video_url`). */
export type WechatDownload = { kind: 'binary'; bytes: Uint8Array; contentType: string; filename?: string } | { kind: 'json'; json: Record<string, unknown> };

export interface WechatApiClient {
  /** A JSON call. Resolves with the parsed body when errcode is absent or 0. */
  request<T>(req: WechatRequest): Promise<T>;
  /** A call that may answer binary content; JSON error bodies become WechatApiError as in `request`. */
  download(req: WechatRequest): Promise<WechatDownload>;
}
