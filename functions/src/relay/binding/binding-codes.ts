/**
 * Reading and spending a binding code (a wxm_qrcode row with purpose Binding). The qrcodes part owns the table;
 * the names here are those of /tmp/contract10.md (logical names), kept in one place until the generated schema
 * carries them for every build.
 */
import type { DataverseOrg, Row } from '../../dataverse/types.js';
import { lookupValue, requireGuid, stringLiteral } from '../delivery/keys.js';
import type { Person } from './people.js';

export const QrCodeTable = {
  entitySet: 'wxm_qrcodes',
  id: 'wxm_qrcodeid',
  account: 'wxm_officialaccountid',
  purpose: 'wxm_purpose',
  scene: 'wxm_scene',
  expiresOn: 'wxm_expireson',
  usedOn: 'wxm_usedon',
  bindContact: 'wxm_bindcontactid',
  bindLead: 'wxm_bindleadid',
  bindUser: 'wxm_binduserid',
} as const;

/** wxm_qrpurpose: Channel, Referral, Binding (publisher option values). */
export const PURPOSE_BINDING = 472610002;

export interface BindingCode {
  id: string;
  etag: string | undefined;
  isBinding: boolean;
  expiresOn: Date | undefined;
  usedOn: Date | undefined;
  /**
   * Whom the code binds. A user's code names them only when that user saved it (`_createdby_value`, set by Dataverse):
   * a code saved by A naming B would give B's notifications to whoever scans it, so it names nobody.
   */
  person: Person | undefined;
  /** Who saved the code: the binding it makes is theirs (owner), so they may remove it. */
  createdBy: string | undefined;
}

const SELECT = [
  QrCodeTable.id,
  QrCodeTable.purpose,
  QrCodeTable.expiresOn,
  QrCodeTable.usedOn,
  lookupValue(QrCodeTable.bindContact),
  lookupValue(QrCodeTable.bindLead),
  lookupValue(QrCodeTable.bindUser),
  lookupValue('createdby'),
];

/**
 * The account's code with this scene, or undefined: a scene made in another org is simply not in this one. A user's
 * code of a user disabled since it was made names nobody (their bindings end, relay/binding/disabled-users.ts).
 */
export async function findBindingCode(org: DataverseOrg, accountId: string, scene: string): Promise<BindingCode | undefined> {
  const filter = `${lookupValue(QrCodeTable.account)} eq ${requireGuid('account id', accountId)} and ${QrCodeTable.scene} eq ${stringLiteral(scene)}`;
  const rows = await org.retrieveMultiple(QrCodeTable.entitySet, { select: SELECT, filter, top: 1 });
  const code = rows[0] ? readCode(rows[0]) : undefined;
  if (code?.person?.kind === 'systemuser') {
    const user = await org.retrieve('systemusers', requireGuid('user id', code.person.id), ['isdisabled']);
    if (!user || user.isdisabled === true) return { ...code, person: undefined };
  }
  return code;
}

function readCode(row: Row): BindingCode {
  const str = (name: string): string | undefined => (typeof row[name] === 'string' && row[name] !== '' ? (row[name] as string) : undefined);
  const date = (name: string): Date | undefined => (str(name) ? new Date(str(name) as string) : undefined);
  const contact = str(lookupValue(QrCodeTable.bindContact));
  const lead = str(lookupValue(QrCodeTable.bindLead));
  const user = str(lookupValue(QrCodeTable.bindUser))?.toLowerCase();
  const createdBy = str(lookupValue('createdby'))?.toLowerCase();
  const person: Person | undefined = contact
    ? { kind: 'contact', id: contact }
    : lead
      ? { kind: 'lead', id: lead }
      : user && user === createdBy
        ? { kind: 'systemuser', id: user }
        : undefined;
  return {
    id: String(row[QrCodeTable.id]),
    etag: row['@odata.etag'],
    isBinding: row[QrCodeTable.purpose] === PURPOSE_BINDING,
    expiresOn: date(QrCodeTable.expiresOn),
    usedOn: date(QrCodeTable.usedOn),
    person,
    createdBy,
  };
}
