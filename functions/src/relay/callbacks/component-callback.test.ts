import { beforeEach, describe, expect, it } from 'vitest';
import { CachedAuthorizers } from './authorizer-cache.js';
import type { RelayTask } from '../envelope.js';
import { QUEUES } from '../envelope.js';
import { StorageUnavailable } from '../errors.js';
import { COMPONENT, componentCrypto, encryptedPush, memoryWorld } from '@wxm/testkit/kit/relay/fixtures';
import { handleComponentCallback, type ComponentCallbackDeps } from './component-callback.js';

const ticketXml = (ticket: string, createTime: number) =>
  `<xml><AppId><![CDATA[${COMPONENT.appid}]]></AppId><CreateTime>${createTime}</CreateTime><InfoType><![CDATA[component_verify_ticket]]></InfoType><ComponentVerifyTicket><![CDATA[${ticket}]]></ComponentVerifyTicket></xml>`;

const authorizedXml = (infoType: string) =>
  `<xml><AppId><![CDATA[${COMPONENT.appid}]]></AppId><CreateTime>1718000000</CreateTime><InfoType><![CDATA[${infoType}]]></InfoType><AuthorizerAppid><![CDATA[wxaaaabbbbccccdddd]]></AuthorizerAppid><AuthorizationCode><![CDATA[queryauthcode@@@abc]]></AuthorizationCode><AuthorizationCodeExpiredTime>1718003600</AuthorizationCodeExpiredTime><PreAuthCode><![CDATA[preauthcode@@@x]]></PreAuthCode></xml>`;

describe('handleComponentCallback', () => {
  let world: ReturnType<typeof memoryWorld>;
  let deps: ComponentCallbackDeps;

  beforeEach(() => {
    world = memoryWorld();
    deps = {
      componentAppid: COMPONENT.appid,
      open: { crypto: componentCrypto(), clock: world.clock, clockSkewSeconds: 300, maxBodyBytes: 65536 },
      tickets: world.storage.verifyTickets,
      tasks: world.storage.queue<RelayTask>(QUEUES.tasks),
      authorizers: world.storage.authorizers,
      clock: world.clock,
      logger: world.logger,
    };
  });

  const push = (xml: string) => encryptedPush(xml, { clock: world.clock, outer: 'AppId' });

  it('stores the verify ticket per component appid and keeps the newest', async () => {
    expect(await handleComponentCallback(push(ticketXml('ticket@@@new', 1718000600)), deps)).toBe('success');
    await handleComponentCallback(push(ticketXml('ticket@@@old', 1718000000)), deps);
    expect(await world.storage.verifyTickets.get(COMPONENT.appid)).toEqual({ ticket: 'ticket@@@new', createTime: 1718000600 });
    expect(world.logger.text()).not.toContain('ticket@@@new');
  });

  it.each(['authorized', 'updateauthorized'] as const)('queues the code exchange for %s before answering', async (infoType) => {
    expect(await handleComponentCallback(push(authorizedXml(infoType)), deps)).toBe('success');
    expect(world.storage.queue<RelayTask>(QUEUES.tasks).peekAll()).toEqual([
      { v: 1, type: 'exchange-authorization-code', authorizerAppid: 'wxaaaabbbbccccdddd', authorizationCode: 'queryauthcode@@@abc', infoType },
    ]);
  });

  it('records a revocation', async () => {
    await world.storage.authorizers.put({
      appid: 'wxaaaabbbbccccdddd',
      originalId: 'gh_0123456789ab',
      nickName: 'n',
      isMiniProgram: false,
      funcScopes: [1],
      status: 'authorized',
      authorizedAt: 1,
      updatedAt: 1,
    });
    const xml = `<xml><AppId><![CDATA[${COMPONENT.appid}]]></AppId><CreateTime>1718000000</CreateTime><InfoType><![CDATA[unauthorized]]></InfoType><AuthorizerAppid><![CDATA[wxaaaabbbbccccdddd]]></AuthorizerAppid></xml>`;
    expect(await handleComponentCallback(push(xml), deps)).toBe('success');
    expect((await world.storage.authorizers.get('wxaaaabbbbccccdddd'))?.status).toBe('unauthorized');
  });

  it("drops the account from this instance's authorizer cache on a revocation", async () => {
    const record = {
      appid: 'wxaaaabbbbccccdddd',
      originalId: 'gh_0123456789ab',
      nickName: 'n',
      isMiniProgram: false,
      funcScopes: [1],
      status: 'authorized' as const,
      authorizedAt: 1,
      updatedAt: 1,
    };
    await world.storage.authorizers.put(record);
    const cache = new CachedAuthorizers(world.storage.authorizers);
    expect((await cache.get(record.appid))?.status).toBe('authorized');
    // Another instance recorded the revocation: this one's cache still says authorized until it sees the event.
    await world.storage.authorizers.put({ ...record, status: 'unauthorized' });
    expect((await cache.get(record.appid))?.status).toBe('authorized');
    const xml = `<xml><AppId><![CDATA[${COMPONENT.appid}]]></AppId><CreateTime>1718000000</CreateTime><InfoType><![CDATA[unauthorized]]></InfoType><AuthorizerAppid><![CDATA[${record.appid}]]></AuthorizerAppid></xml>`;
    expect(await handleComponentCallback(push(xml), { ...deps, authorizerCache: cache })).toBe('success');
    expect((await cache.get(record.appid))?.status).toBe('unauthorized');
  });

  it('answers 5xx when the ticket cannot be stored', async () => {
    const failing = { ...deps, tickets: { get: async () => undefined, put: async () => Promise.reject(new Error('down')) } };
    await expect(handleComponentCallback(push(ticketXml('t', 1718000000)), failing)).rejects.toBeInstanceOf(StorageUnavailable);
  });

  it('rejects a forged push', async () => {
    const forged = { ...push(ticketXml('evil', 1718009999)), msgSignature: 'f'.repeat(40) };
    await expect(handleComponentCallback(forged, deps)).rejects.toMatchObject({ reason: 'signature' });
    expect(await world.storage.verifyTickets.get(COMPONENT.appid)).toBeUndefined();
  });

  it.each([
    ['an empty AuthorizationCode', authorizedXml('authorized').replace('queryauthcode@@@abc', '')],
    ['a blank AuthorizationCode', authorizedXml('authorized').replace('queryauthcode@@@abc', '  ')],
    ['no AuthorizationCode', authorizedXml('updateauthorized').replace(/<AuthorizationCode>.*<\/AuthorizationCode>/, '')],
    ['an AuthorizerAppid that is no appid', authorizedXml('authorized').replace('wxaaaabbbbccccdddd', 'wx/../x y')],
    ['no InfoType', ticketXml('t', 1718000000).replace(/<InfoType>.*<\/InfoType>/, '')],
    ['an empty ticket', ticketXml('', 1718000000)],
    ['a plaintext that is not XML', 'not xml at all'],
  ])('a signed event with %s is bad input (malformed-xml → 400), nothing queued or stored', async (_what, xml) => {
    await expect(handleComponentCallback(push(xml), deps)).rejects.toMatchObject({ name: 'CallbackRejected', reason: 'malformed-xml' });
    expect(world.storage.queue<RelayTask>(QUEUES.tasks).peekAll()).toEqual([]);
    expect(await world.storage.verifyTickets.get(COMPONENT.appid)).toBeUndefined();
  });
});
