/**
 * Admins type the client secret and binding token into a signed service but can never read them
 * back: the form shows them masked. (System Administrators bypass field security in Dataverse.)
 */
import type { FieldSecurityProfileDef } from '../dsl/types-components.js';

const administrators: FieldSecurityProfileDef = {
  id: 'wxm_fsp_administrators',
  name: 'Wechat Marketing Secret Writers',
  description: 'Can set the client secret and binding token of a signed service, never read them.',
  permissions: [
    { table: 'wxm_signedservice', column: 'wxm_clientsecret', read: false, update: true, create: true },
    { table: 'wxm_signedservice', column: 'wxm_bindingtoken', read: false, update: true, create: true },
  ],
};

export default administrators;
