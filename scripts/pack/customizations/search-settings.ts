/**
 * Search settings of an attribute as real exports write them (the values Dataverse gives new columns):
 * microsoft/coe-starter-kit ALMAcceleratorForAdvancedMakers/SolutionPackage/Entities/cat_DeploymentProfile/Entity.xml,
 * microsoft/powercat-business-approvals-kit …/Entities/cat_BusinessApprovalCondition/Entity.xml (owner columns),
 * microsoft/coe-starter-kit CenterofExcellenceCoreComponents/SolutionPackage/src/Entities/admin_CoESolutionMetadata/Entity.xml
 * (custom datetime and bit columns: 0/0/0). Columns not listed are neither searched, filtered nor retrieved.
 */
/** [IsSearchable, IsFilterable, IsRetrievable] as exports write them. */
export type SearchSettings = readonly [boolean, boolean, boolean];

export const NOT_INDEXED: SearchSettings = [false, false, false];
/** The primary name is searched (quick find) and retrieved; the others below are filtered on by the platform. */
export const PRIMARY_NAME_SEARCH: SearchSettings = [true, false, true];
export const SYSTEM_SEARCH: Record<string, SearchSettings | undefined> = {
  primarykey: [false, true, true],
  createdon: [false, true, true],
  modifiedon: [false, true, true],
  statecode: [false, true, false],
  ownerid: [false, true, false],
  owningbusinessunit: [false, true, false],
};
