/**
 * Rows every org starts with: the organization, its root business unit, the application users' systemuser rows,
 * and the sdkmessage / sdkmessagefilter rows a webhook step is registered against (one filter per table and
 * message, as `primaryobjecttypecode` = the table's logical name).
 */
import { randomUUID } from 'node:crypto';
import type { Metadata } from './metadata.js';
import type { Store, Value } from './store.js';
import type { OrgInfo } from './api/types.js';

/** Messages the emulator raises webhooks for, with one filter per table. */
export const WEBHOOK_MESSAGES = ['Create', 'Update', 'Delete'] as const;
/**
 * Messages of N:N pairings: steps for them are registered without a filter (no primary table), because the
 * message runs for every relationship and the step tells them apart by the Relationship input.
 */
export const PAIRING_MESSAGES = ['Associate', 'Disassociate'] as const;

function put(meta: Metadata, store: Store, table: string, id: string, values: Record<string, Value>): void {
  store.put(meta.table(table), { id, version: store.nextVersion(), values: { statecode: 0, statuscode: 1, ...values } });
}

export function seedOrg(meta: Metadata, store: Store, org: OrgInfo): void {
  put(meta, store, 'organization', org.id, { name: org.name });
  put(meta, store, 'businessunit', org.businessUnitId, { name: org.name });
  for (const name of WEBHOOK_MESSAGES) {
    const messageId = randomUUID();
    put(meta, store, 'sdkmessage', messageId, { name });
    for (const table of meta.tables.values()) {
      // Intersect tables are not addressable here (metadata.ts): no messages of their own.
      if (!meta.bySet.has(table.entitySetName)) continue;
      put(meta, store, 'sdkmessagefilter', randomUUID(), {
        name: `${name} of ${table.logicalName}`,
        primaryobjecttypecode: table.logicalName,
        secondaryobjecttypecode: 'none',
        sdkmessageid: { id: messageId, table: 'sdkmessage' },
      });
    }
  }
  for (const name of PAIRING_MESSAGES) put(meta, store, 'sdkmessage', randomUUID(), { name });
}

export function seedApplicationUser(meta: Metadata, store: Store, org: OrgInfo, user: { systemUserId: string; clientId: string; name: string }): void {
  put(meta, store, 'systemuser', user.systemUserId, {
    fullname: user.name,
    applicationid: user.clientId,
    azureactivedirectoryobjectid: randomUUID(),
    domainname: `${user.clientId}@emulator`,
    isdisabled: false,
    accessmode: 4, // Non-interactive: application users (systemuser.accessmode reference)
    businessunitid: { id: org.businessUnitId, table: 'businessunit' },
  });
}
