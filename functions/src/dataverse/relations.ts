/**
 * The N:N and saved-view operations of an opened org (DataverseRelations). The gateway's org client has them; an
 * org without them (a test double of DataverseOrg alone) is refused with a typed error instead of failing later.
 */
import { DataverseError } from './errors.js';
import type { DataverseOrg, DataverseRelations } from './types.js';

export function relationsOf(org: DataverseOrg): DataverseOrg & DataverseRelations {
  const candidate = org as DataverseOrg & Partial<DataverseRelations>;
  if (typeof candidate.associate === 'function' && typeof candidate.related === 'function' && typeof candidate.savedQuery === 'function') {
    return candidate as DataverseOrg & DataverseRelations;
  }
  throw new DataverseError('invalid', 0, 'NoRelations', `The Dataverse client of ${org.environmentUrl} cannot pair rows or run saved views.`);
}
