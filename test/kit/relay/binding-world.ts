/**
 * Test world of the binding part: the solution schema plus what the emulator lacks for it, the qrcodes part's
 * wxm_qrcode table as /tmp/contract10.md names it (until the generated schema has it) and the built-in lead table.
 * Used by the binding-scan and web authorization tests (and the binding form's browser test).
 */
import { schema } from '@wxm/solution/schema';
import type { SchemaModel, TableModel } from '../../../solution/src/model.js';
import { QrCodeTable } from '../../../functions/src/relay/binding/binding-codes.js';

const str = (logicalName: string, maxLength: number) => ({ logicalName, schemaName: logicalName, type: 'string', maxLength, required: 'none' });
const lookupTo = (logicalName: string, target: string, nav: string) => ({
  logicalName,
  schemaName: nav,
  type: 'lookup',
  required: 'none',
  targets: [target],
  navigationProperty: nav,
});
const column = (logicalName: string, type: string) => ({ logicalName, schemaName: logicalName, type, required: 'none' });

/** The qrcodes part's table as the contract names it, for as long as the generated schema lacks it. */
const qrcodeTable = {
  logicalName: 'wxm_qrcode',
  schemaName: 'wxm_QrCode',
  entitySetName: QrCodeTable.entitySet,
  primaryIdAttribute: QrCodeTable.id,
  primaryNameAttribute: 'wxm_name',
  ownership: 'OrganizationOwned',
  columns: {
    wxm_qrcodeid: column('wxm_qrcodeid', 'primarykey'),
    wxm_name: str('wxm_name', 100),
    wxm_officialaccountid: lookupTo('wxm_officialaccountid', 'wxm_officialaccount', 'wxm_OfficialAccountId'),
    wxm_purpose: column('wxm_purpose', 'integer'),
    wxm_scene: str('wxm_scene', 64),
    wxm_expireson: column('wxm_expireson', 'datetime'),
    wxm_usedon: column('wxm_usedon', 'datetime'),
    wxm_bindcontactid: lookupTo('wxm_bindcontactid', 'contact', 'wxm_BindContactId'),
    wxm_bindleadid: lookupTo('wxm_bindleadid', 'lead', 'wxm_BindLeadId'),
    wxm_binduserid: lookupTo('wxm_binduserid', 'systemuser', 'wxm_BindUserId'),
  },
  alternateKeys: [],
} as unknown as TableModel;
const leadTable = {
  logicalName: 'lead',
  schemaName: 'Lead',
  entitySetName: 'leads',
  primaryIdAttribute: 'leadid',
  primaryNameAttribute: 'fullname',
  ownership: 'UserOwned',
  columns: { leadid: column('leadid', 'primarykey'), fullname: str('fullname', 160) },
  alternateKeys: [],
} as unknown as TableModel;
export const bindingTestSchema: SchemaModel = { ...schema, tables: { lead: leadTable, wxm_qrcode: qrcodeTable, ...schema.tables } } as SchemaModel;
