import { afterEach, describe, expect, it } from 'vitest';
import { EntitySets } from '@wxm/solution/schema';
import { createDataverseGateway } from './gateway.js';
import { credentialsFor, emulatorAad } from '@wxm/testkit/kit/dataverse/aad-network';
import { Emulators, originOf, rejection } from '@wxm/testkit/kit/dataverse/org-under-test';
import { createTokenProvider } from './token/token-provider.js';

const emulators = new Emulators();
afterEach(() => emulators.closeAll());

describe('tenant isolation: two customers, two orgs, two tenants', () => {
  it('each org is written with its own app user only; mixed credentials and foreign tokens are refused', async () => {
    const contoso = await emulators.start({ org: { name: 'contoso' } });
    const fabrikam = await emulators.start({ org: { name: 'fabrikam' } });
    const network = emulatorAad([contoso, fabrikam]);
    const orgOrigins = { extraOrigins: [originOf(contoso), originOf(fabrikam)] };
    const gateway = createDataverseGateway({ networkClient: network, orgOrigins });
    const a = gateway.open(credentialsFor(contoso));
    const b = gateway.open(credentialsFor(fabrikam));
    await Promise.all([a.create(EntitySets.OfficialAccount, { wxm_appid: 'wx-contoso' }), b.create(EntitySets.OfficialAccount, { wxm_appid: 'wx-fabrikam' })]);
    expect(contoso.rows('wxm_officialaccount').map((r) => r['wxm_appid'])).toEqual(['wx-contoso']);
    expect(fabrikam.rows('wxm_officialaccount').map((r) => r['wxm_appid'])).toEqual(['wx-fabrikam']);
    expect(new Set(contoso.requestLog().map((e) => e.clientId))).toEqual(new Set([contoso.defaultUser.clientId]));
    expect(new Set(fabrikam.requestLog().map((e) => e.clientId))).toEqual(new Set([fabrikam.defaultUser.clientId]));
    expect(network.requests.map((r) => new URL(r.url).pathname.split('/')[1]).sort()).toEqual([contoso.tenantId, fabrikam.tenantId].sort());

    // Contoso's app user pointed at Fabrikam's environment: Entra ID issues the token, Fabrikam does not know the app.
    const crossed = gateway.open(credentialsFor(contoso, { environmentUrl: fabrikam.url }));
    const refused = await rejection(crossed.create(EntitySets.OfficialAccount, { wxm_appid: 'wx-intruder' }));
    expect([refused.kind, refused.status, refused.code]).toEqual(['forbidden', 403, '0x80072560']);
    const batch = await crossed.batch([[{ kind: 'create', entitySet: EntitySets.OfficialAccount, data: { wxm_appid: 'wx-intruder-2' } }]]);
    expect(batch[0]?.[0]).toMatchObject({ ok: false, error: { kind: 'forbidden', code: '0x80072560' } });
    expect(fabrikam.rows('wxm_officialaccount').map((r) => r['wxm_appid'])).toEqual(['wx-fabrikam']);

    // A token for Contoso's environment is not accepted by Fabrikam (audience), even for Fabrikam's own client id.
    const contosoToken = await createTokenProvider({ networkClient: network, orgOrigins }).getToken(credentialsFor(contoso));
    const foreign = await fetch(`${fabrikam.serviceRoot}WhoAmI`, { headers: { Authorization: `Bearer ${contosoToken}` } });
    expect(foreign.status).toBe(401);
    const fabrikamClientInContoso = await rejection(gateway.open(credentialsFor(fabrikam, { tenantId: contoso.tenantId })).whoAmI());
    expect([fabrikamClientInContoso.kind, fabrikamClientInContoso.code]).toEqual(['auth', 'AADSTS700016']);
  });
});
