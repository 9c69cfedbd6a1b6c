/**
 * The relay's application user reads the secret once, stores it encrypted on its side, then blanks
 * the column (update). It never creates signed services.
 */
import type { FieldSecurityProfileDef } from '../dsl/types-components.js';

const relay: FieldSecurityProfileDef = {
  id: 'wxm_fsp_relay',
  name: 'Wechat Marketing Relay Secrets',
  description: 'Lets the relay application user read and clear the client secret and binding token.',
  permissions: [
    { table: 'wxm_signedservice', column: 'wxm_clientsecret', read: true, update: true, create: false },
    { table: 'wxm_signedservice', column: 'wxm_bindingtoken', read: true, update: true, create: false },
  ],
};

export default relay;
