/**
 * Dynamics 365 Sales' lead, built in as where Sales is installed: its full name derived from first and last name, a
 * follower's binding to it, and the binding going with it when the lead is deleted (the solution's Cascade rule).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startDataverseEmulator, type DataverseEmulator } from '../index.js';
import { call, client } from './harness.js';

let dv: DataverseEmulator;
beforeAll(async () => {
  dv = await startDataverseEmulator();
});
afterAll(() => dv.close());

it('creates a lead with a derived full name, binds a follower to it, and deletes the binding with the lead', async () => {
  const api = client(dv);
  const lead = (await api.create({ collection: 'leads', data: { firstname: '雷', lastname: '李', companyname: '示例公司', subject: '展会' } })) as string;
  expect(await api.retrieve({ collection: 'leads', key: lead, select: ['fullname', 'companyname'] })).toMatchObject({
    fullname: '雷 李',
    companyname: '示例公司',
  });
  const binding = (await api.create({ collection: 'wxm_bindings', data: { wxm_name: 'lead binding', 'wxm_LeadId@odata.bind': `/leads(${lead})` } })) as string;
  expect((await api.retrieve({ collection: 'wxm_bindings', key: binding, select: ['_wxm_leadid_value'] }))._wxm_leadid_value).toBe(lead);
  expect((await call(dv, 'DELETE', `leads(${lead})`)).status).toBe(204);
  expect(dv.rows('wxm_bindings').map((r) => r.wxm_bindingid)).not.toContain(binding);
});
