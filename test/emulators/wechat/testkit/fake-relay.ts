/**
 * A stand-in for the relay in the simulator's own tests: it receives pushes and decrypts them with the npm package
 * wechat-crypto (an independent WXBizMsgCrypt), so a passing test proves the simulator encrypts as WeChat does.
 * Replies are encrypted with wechat-crypto too. Each test decides how the fake answers.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import WXBizMsgCrypt from 'wechat-crypto';
import { parseStringPromise } from 'xml2js';

export const COMPONENT = {
  appid: 'wx0c0a1b2c3d4e5f60',
  appsecret: 'component-secret-for-tests-0123456789abc',
  token: 'simtesttoken',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};

export interface ReceivedPush {
  path: string;
  query: URLSearchParams;
  rawBody: string;
  /** Fields of the outer XML (AppId or ToUserName, Encrypt). */
  outer: Record<string, string>;
  /** wechat-crypto's view of the ciphertext. */
  decrypted: { message: string; id: string };
  /** Fields of the decrypted XML. */
  fields: Record<string, string>;
  msgSignatureValid: boolean;
  signatureValid: boolean;
}

export interface FakeAnswer {
  status?: number;
  body?: string;
  delayMs?: number;
}

export interface FakeRelay {
  url: string;
  received: ReceivedPush[];
  crypt: WXBizMsgCrypt;
  /** How to answer each push; default `success`. */
  answer: (push: ReceivedPush) => FakeAnswer | Promise<FakeAnswer>;
  /** An encrypted passive reply built with wechat-crypto, as a correct relay would send it. */
  encryptedReply(xml: string, timestamp?: string, nonce?: string): string;
  close(): Promise<void>;
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function xmlFields(xml: string): Promise<Record<string, string>> {
  const parsed = (await parseStringPromise(xml, { explicitArray: false, explicitRoot: false })) as Record<string, unknown>;
  const fields: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed ?? {})) fields[key] = typeof value === 'string' ? value : JSON.stringify(value);
  return fields;
}

export async function startFakeRelay(component = COMPONENT): Promise<FakeRelay> {
  const crypt = new WXBizMsgCrypt(component.token, component.encodingAesKey, component.appid);
  const relay: Partial<FakeRelay> & { received: ReceivedPush[] } = { received: [], crypt, answer: () => ({ body: 'success' }) };
  const server: Server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://relay.local');
      if (req.method === 'GET') {
        // Developer-mode URL check: plain signature, echo echostr verbatim.
        const q = url.searchParams;
        const expected = createHash('sha1')
          .update([component.token, q.get('timestamp'), q.get('nonce')].sort().join(''))
          .digest('hex');
        res.writeHead(expected === q.get('signature') ? 200 : 401);
        res.end(expected === q.get('signature') ? (q.get('echostr') ?? '') : 'bad signature');
        return;
      }
      const rawBody = await readAll(req);
      const outer = await xmlFields(rawBody);
      const encrypt = outer.Encrypt ?? '';
      const q = url.searchParams;
      const decrypted = crypt.decrypt(encrypt);
      const plainSignature = createHash('sha1')
        .update([component.token, q.get('timestamp'), q.get('nonce')].sort().join(''))
        .digest('hex');
      const push: ReceivedPush = {
        path: url.pathname,
        query: q,
        rawBody,
        outer,
        decrypted,
        fields: await xmlFields(decrypted.message),
        msgSignatureValid: crypt.getSignature(q.get('timestamp') ?? '', q.get('nonce') ?? '', encrypt) === q.get('msg_signature'),
        signatureValid: plainSignature === q.get('signature'),
      };
      relay.received.push(push);
      const answer = await (relay.answer as FakeRelay['answer'])(push);
      if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
      res.writeHead(answer.status ?? 200, { 'content-type': 'text/plain' });
      res.end(answer.body ?? '');
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  relay.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  relay.encryptedReply = (xml, timestamp = '1714000000', nonce = '123456') => {
    const encrypt = crypt.encrypt(xml);
    const signature = crypt.getSignature(timestamp, nonce, encrypt);
    return `<xml><Encrypt><![CDATA[${encrypt}]]></Encrypt><MsgSignature><![CDATA[${signature}]]></MsgSignature><TimeStamp>${timestamp}</TimeStamp><Nonce><![CDATA[${nonce}]]></Nonce></xml>`;
  };
  relay.close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return relay as FakeRelay;
}
