/**
 * A scan of a binding code binds the follower who scanned it to the person the code names: scanning proves the
 * follower holds that WeChat account. Called by the attribution step for `subscribe` (EventKey `qrscene_<scene>`)
 * and `SCAN` (EventKey `<scene>`) once the follower row exists.
 *
 * Single use, and once only however often WeChat redelivers: the binding's alternate key is the code
 * (`qr:<code id>`), written create-only in the same change set that marks the code used (If-Match on the code's
 * ETag). A second scan, a scan after expiry, a scene of another org (not in this Dataverse) or of another account
 * binds nothing; the follower gets no message about it (a stranger's scan is no reason to write to them).
 * https://learn.microsoft.com/power-apps/developer/data-platform/webapi/perform-conditional-operations-using-web-api
 */
import { Binding } from '@wxm/solution/schema';
import { DataverseError } from '../../dataverse/errors.js';
import type { DataverseOrg, WriteOperation } from '../../dataverse/types.js';
import type { Logger } from '../ports/logger.js';
import { findBindingCode, QrCodeTable } from '../binding/binding-codes.js';
import { BINDING_METHOD, BINDINGS_ENTITY_SET, bindingKey, bindingRow, qrProof, type PersonKind } from '../binding/people.js';
import { isBindingScene } from '../binding/scene.js';
import { requireGuid } from './keys.js';

export interface BindingScan {
  accountId: string;
  openid: string;
  /** The scene without `qrscene_`. */
  scene: string;
  /** When the follower scanned (the event's CreateTime). */
  at: Date;
  /** The code's link opened through web authorization (relay/oauth) instead of scanned. Default scan. */
  method?: 'scan' | 'web';
}

export type BindingScanOutcome =
  | { status: 'bound'; qrcodeId: string; person: PersonKind }
  /** Not a binding scene, or no such code in this org for this account. */
  | { status: 'unknown' }
  | { status: 'not-binding'; qrcodeId: string }
  | { status: 'no-person'; qrcodeId: string }
  | { status: 'expired'; qrcodeId: string }
  /** Spent before: by another scan, or this very scan delivered again. */
  | { status: 'used'; qrcodeId: string };

export async function bindByScan(org: DataverseOrg, scan: BindingScan, logger: Logger): Promise<BindingScanOutcome> {
  if (!isBindingScene(scan.scene)) return { status: 'unknown' };
  const code = await findBindingCode(org, scan.accountId, scan.scene);
  const outcome = await spend(org, scan, code);
  // Never the scene or the openid: the scene is the secret of a live code.
  const fields = { accountId: scan.accountId, status: outcome.status, ...('qrcodeId' in outcome && { qrcodeId: outcome.qrcodeId }) };
  if (outcome.status === 'bound') logger.info('follower bound by a binding code', fields);
  else logger.warn('binding code scan bound nothing', fields);
  return outcome;
}

async function spend(org: DataverseOrg, scan: BindingScan, code: Awaited<ReturnType<typeof findBindingCode>>): Promise<BindingScanOutcome> {
  if (!code) return { status: 'unknown' };
  const qrcodeId = code.id;
  if (!code.isBinding) return { status: 'not-binding', qrcodeId };
  if (code.usedOn) return { status: 'used', qrcodeId };
  if (!code.person) return { status: 'no-person', qrcodeId };
  if (!code.expiresOn || code.expiresOn.getTime() <= scan.at.getTime()) return { status: 'expired', qrcodeId };
  const proof = qrProof(qrcodeId);
  const ops: WriteOperation[] = [
    {
      kind: 'upsert',
      entitySet: QrCodeTable.entitySet,
      key: requireGuid('qr code id', qrcodeId),
      data: { [QrCodeTable.usedOn]: scan.at.toISOString() },
      ifMatch: code.etag ?? '*',
    },
    {
      kind: 'upsert',
      entitySet: BINDINGS_ENTITY_SET,
      key: bindingKey(proof),
      data: bindingRow({
        accountId: scan.accountId,
        openid: scan.openid,
        person: code.person,
        method: BINDING_METHOD[scan.method ?? 'scan'],
        proof,
        at: scan.at,
        // Owned by whoever made the code (an employee's own, a salesperson's customer): they may remove it.
        ...(code.createdBy && { owner: code.createdBy }),
      }),
      ifNoneMatch: true,
    },
  ];
  const outcomes = await org.submit(ops);
  const failure = outcomes.flatMap((o) => (o.ok ? [] : [o.error])).find((e) => e.code !== 'RolledBack');
  if (failure) {
    // 412: the code changed since we read it (another scan spent it first); 409/exists: its binding is there.
    if (failure.status === 412 || failure.status === 409 || failure.kind === 'conflict') return { status: 'used', qrcodeId };
    throw DataverseError.from(failure);
  }
  const created = outcomes[1];
  if (created?.ok && 'exists' in created && created.exists) return { status: 'used', qrcodeId };
  return { status: 'bound', qrcodeId, person: code.person.kind };
}

/** The binding a code made, if any (for the form script's "bound" answer and for tests). */
export const bindingOfCode = (qrcodeId: string): { entitySet: string; key: string; select: string[] } => ({
  entitySet: BINDINGS_ENTITY_SET,
  key: bindingKey(qrProof(qrcodeId)),
  select: [Binding.columns.Id, `_${Binding.columns.FollowerId}_value`],
});
