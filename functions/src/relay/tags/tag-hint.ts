/**
 * The hints the tag use cases act on: Create, Update and Delete of wxm_tag, and Associate / Disassociate of the
 * follower–tag relationship (from either side). `isTagHint` decides at the webhook door (accept-hint.ts) which
 * hints are worth a task; `onTagHint` is the task's route (handle-task.ts).
 */
import { Tag } from '@wxm/solution/schema';
import type { DataverseHint } from '../webhook/hint.js';
import { onTagDeleted } from './tag-deleted.js';
import type { TagDeps } from './tag-deps.js';
import { onPairingChanged } from './tag-members.js';
import { onTagSaved } from './tag-row.js';
import { reconcileAudience } from './audience/reconcile.js';

export const TAG_TABLE: string = Tag.logicalName;
export const FOLLOWER_TAG_RELATIONSHIP = 'wxm_follower_wxm_tag';

export function isTagHint(hint: DataverseHint): boolean {
  if (hint.message === 'Associate' || hint.message === 'Disassociate') return hint.pairing?.relationship === FOLLOWER_TAG_RELATIONSHIP;
  return hint.table === TAG_TABLE;
}

export async function onTagHint(hint: DataverseHint, deps: TagDeps): Promise<'done' | 'skipped'> {
  if (hint.message === 'Associate' || hint.message === 'Disassociate') return (await onPairingChanged(hint, deps)) === 'skipped' ? 'skipped' : 'done';
  if (hint.message === 'Delete') return (await onTagDeleted(hint, deps)) === 'skipped' ? 'skipped' : 'done';
  const saved = await onTagSaved(hint, deps);
  // An audience tag follows its list or view from the save on (the audience timer keeps it in step afterwards).
  if (saved !== 'skipped' && saved !== 'failed') await reconcileAudience(hint.organizationId, hint.rowId, deps);
  return saved === 'skipped' ? 'skipped' : 'done';
}
