import { afterEach, describe, expect, it } from 'vitest';
import { EntitySets } from '@wxm/solution/schema';
import { DataverseError } from './errors.js';
import { createDataverseGateway } from './gateway.js';
import { credentialsFor, Emulators, gatewayFor, rejection } from '@wxm/testkit/kit/dataverse/org-under-test';

const emulators = new Emulators();
afterEach(() => emulators.closeAll());

const SECRET = 'Sup3r~Secret~Value~For~Tests';

describe('gateway: what a Signed Service check (token + WhoAmI) reports', () => {
  it('a wrong secret is auth AADSTS7000215, and the secret appears in no error or log line', async () => {
    const dv = await emulators.start();
    const lines: string[] = [];
    const logger = { info: (m: string, f?: object) => lines.push(m + JSON.stringify(f)), warn: (m: string, f?: object) => lines.push(m + JSON.stringify(f)) };
    const err = await rejection(
      gatewayFor(dv, { logger })
        .open(credentialsFor(dv, { clientSecret: SECRET }))
        .whoAmI(),
    );
    expect([err.kind, err.status, err.code]).toEqual(['auth', 401, 'AADSTS7000215']);
    expect(JSON.stringify([err.message, err.stack, lines, String(err.cause)])).not.toContain(SECRET);
    expect(dv.requestLog()).toEqual([]);
  });

  it('an application registered in the tenant but never added to the org: token issued, then forbidden 0x80072560', async () => {
    const dv = await emulators.start({ aadApplications: [{ clientId: '5e5e5e5e-0000-0000-0000-00000000005e', clientSecret: SECRET }] });
    const err = await rejection(
      gatewayFor(dv)
        .open(credentialsFor(dv, { clientId: '5e5e5e5e-0000-0000-0000-00000000005e', clientSecret: SECRET }))
        .whoAmI(),
    );
    expect([err.kind, err.status, err.code, err.message]).toEqual(['forbidden', 403, '0x80072560', 'The user is not a member of the organization.']);
  });

  it('a role without a privilege: reads work, the write is forbidden 0x80040220', async () => {
    const dv = await emulators.start({
      applicationUsers: [{ clientId: '6f6f6f6f-0000-0000-0000-00000000006f', clientSecret: SECRET, privileges: ['prvReadwxm_message'] }],
    });
    const org = gatewayFor(dv).open(credentialsFor(dv));
    expect(await org.retrieveMultiple(EntitySets.Message)).toEqual([]);
    const err = await rejection(org.create(EntitySets.Message, { wxm_content: 'hi' }));
    expect([err.kind, err.status, err.code]).toEqual(['forbidden', 403, '0x80040220']);
    expect(err.message).toMatch(/is missing prvCreatewxm_message privilege/);
  });

  it('an environment URL that does not resolve is not-found ENOTFOUND (an admin typo); a closed port or an outage is transient', async () => {
    const dv = await emulators.start();
    const typo = await rejection(
      gatewayFor(dv, { orgOrigins: { extraOrigins: ['https://nosuchorg.crm.invalid'] } })
        .open(credentialsFor(dv, { environmentUrl: 'https://nosuchorg.crm.invalid' }))
        .whoAmI(),
    );
    expect([typo.kind, typo.status, typo.code, typo.message]).toEqual([
      'not-found',
      0,
      'ENOTFOUND',
      'The environment host nosuchorg.crm.invalid does not resolve (ENOTFOUND): check the environment URL.',
    ]);
    const closed = await emulators.start();
    const closedUrl = closed.url;
    await emulators.closeAll();
    const back = await emulators.start();
    const refused = await rejection(
      gatewayFor(back, { orgOrigins: { extraOrigins: [new URL(closedUrl).origin] } })
        .open(credentialsFor(back, { environmentUrl: closedUrl }))
        .whoAmI(),
    );
    expect([refused.kind, refused.code]).toEqual(['transient', 'ECONNREFUSED']);
    back.setOutage({ status: 503 });
    const down = await rejection(gatewayFor(back).open(credentialsFor(back)).whoAmI());
    expect([down.kind, down.status]).toEqual(['transient', 503]);
  });

  it('malformed credentials are refused by open() before any request', () => {
    const gateway = createDataverseGateway();
    const open = () =>
      gateway.open({
        environmentUrl: 'not a url',
        cloud: 'Global',
        tenantId: 'contoso.onmicrosoft.com',
        clientId: '7a7a7a7a-0000-0000-0000-00000000007a',
        clientSecret: 's',
      });
    expect(open).toThrow(DataverseError);
    expect(open).toThrow('The environment URL is not an absolute URL such as https://contoso.crm.dynamics.com.');
    expect(() => createDataverseGateway({ maxConcurrentPerOrg: 60 })).toThrow('maxConcurrentPerOrg must be an integer from 1 to 52.');
  });

  it('open() caches per (environment, client id); a rotated secret gets a fresh client that shares the pacing', async () => {
    const dv = await emulators.start({ latencyMs: 30 });
    const gateway = gatewayFor(dv, { maxConcurrentPerOrg: 2 });
    const creds = credentialsFor(dv);
    const org = gateway.open(creds);
    expect(gateway.open({ ...creds, environmentUrl: `${dv.url}api/data/v9.2/` })).toBe(org);
    dv.addAadApplication({ clientId: creds.clientId, clientSecret: 'rotated-secret' });
    const rotated = gateway.open({ ...creds, clientSecret: 'rotated-secret' });
    expect(rotated).not.toBe(org);
    await Promise.all([org, rotated, org, rotated, org, rotated].map((o, i) => o.create(EntitySets.OfficialAccount, { wxm_appid: `wx-${i}` })));
    expect(dv.peakConcurrency(creds.clientId)).toBe(2);
    expect(dv.aadRequestLog().map((e) => e.status)).toEqual([200, 200]);
  });
});
