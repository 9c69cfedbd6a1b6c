/**
 * Dataverse's error shape and the error codes the emulator answers with. Every code and message below comes from
 * a Microsoft page (named beside it) unless marked "community-sourced"; messages keep Dataverse's wording because
 * callers (and people reading logs) match on them.
 *
 * Shape: https://learn.microsoft.com/power-apps/developer/data-platform/webapi/compose-http-requests-handle-errors#parse-errors-from-the-response
 */
import { createHash } from 'node:crypto';

export class DataverseError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'DataverseError';
  }

  toJSON(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

const PAYLOAD_HELP = 'For more information on this error please follow this help link https://go.microsoft.com/fwlink/?linkid=2195293';

/** https://learn.microsoft.com/troubleshoot/power-platform/dataverse/dataverse-web-api-and-sdk/web-api-client-errors */
export const resourceNotFound = (segment: string) => new DataverseError(404, '0x8006088a', `Resource not found for the segment '${segment}'.`);

/** Same page: unknown property in $select / $filter / $orderby. */
export const propertyNotFound = (property: string, table: string) =>
  new DataverseError(400, '0x0', `Could not find a property named '${property}' on type 'Microsoft.Dynamics.CRM.${table}'.`);

/** Same page: unknown property in a create/update payload. */
export const invalidPayloadProperty = (property: string, table: string) =>
  new DataverseError(
    400,
    '0x0',
    `An error occurred while validating input parameters: Microsoft.Crm.CrmException: Invalid property '${property}' was found in entity 'Microsoft.Dynamics.CRM.${table}'. ---> Microsoft.OData.ODataException: Does not support untyped value in non-open type.`,
  );

/** Same page ("Error identified in Payload provided by the user"): unknown navigation property, wrong literal type. */
export const payloadError = (entitySet: string, inner: string) =>
  new DataverseError(
    400,
    '0x80048d19',
    `Error identified in Payload provided by the user for Entity :'${entitySet}', ${PAYLOAD_HELP}  ---->  InnerException : Microsoft.OData.ODataException: ${inner}`,
  );

export const undeclaredNavigation = (entitySet: string, nav: string) =>
  payloadError(
    entitySet,
    `An undeclared property '${nav}' which only has property annotations in the payload but no property value was found in the payload. In OData, only declared navigation properties and declared named streams can be represented as properties without values.`,
  );

/**
 * A navigation property given the wrong JSON shape in a deep insert (an object where an array belongs, or the reverse):
 * the OData JSON reader's own message, "An unexpected '{0}' node was found when reading from the JSON reader. A '{1}'
 * node was expected.", inside Dataverse's payload error.
 */
export const unexpectedNode = (entitySet: string, found: 'StartObject' | 'StartArray' | 'PrimitiveValue', expected: 'StartObject' | 'StartArray') =>
  payloadError(entitySet, `An unexpected '${found}' node was found when reading from the JSON reader. A '${expected}' node was expected.`);

/** Message text from perform-conditional-operations-using-web-api (If-Match: * on a missing row); code 0x80040217 = ObjectDoesNotExist (web-service-error-codes). */
export const recordNotFound = (table: string, id: string) => new DataverseError(404, '0x80040217', `${table} With Id = ${id} Does Not Exist`);

/** 0x80060891 RecordNotFoundByEntityKey: "A record with the specified key values does not exist in {0} entity" (web-service-error-codes). */
export const recordNotFoundByKey = (table: string) =>
  new DataverseError(404, '0x80060891', `A record with the specified key values does not exist in ${table} entity`);

/**
 * A create (or update) whose alternate-key values another row holds: DuplicateRecordEntityKey, 0x80060892
 * (-2147088238), "Entity Key {0} violated. A record with the same value for {1} already exists. A duplicate record
 * cannot be created. Select one or more unique values and try again." per
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/web-service-error-codes ; 412 as real
 * orgs answer it (compose-http-requests-handle-errors lists duplicates under 412 Precondition Failed). {0} is the
 * key's name, {1} its columns.
 */
export const duplicateKey = (keyName: string, columns: string[]) =>
  new DataverseError(
    412,
    '0x80060892',
    `Entity Key ${keyName} violated. A record with the same value for ${columns.join(', ')} already exists. A duplicate record cannot be created. Select one or more unique values and try again.`,
  );

/**
 * perform-conditional-operations-using-web-api: "Prevent update in upsert" (the message). The code 0x80040237
 * (DuplicateRecord) is what real orgs send with it (captured responses, e.g. microsoft/powerapps-tools#606); the
 * docs page shows an empty code.
 */
export const matchingKeyExists = () => new DataverseError(412, '0x80040237', 'A record with matching key values already exists.');

/** perform-conditional-operations-using-web-api (message); -2147088254 = 0x80060882 ConcurrencyVersionMismatch. */
export const versionMismatch = () =>
  new DataverseError(412, '0x80060882', "The version of the existing record doesn't match the RowVersion property provided.");

/** "A validation error occurred..." 0x80044331 StringLengthTooLong, as in the execute-batch-operations-using-web-api sample. */
export const stringTooLong = (column: string, table: string, max: number) =>
  new DataverseError(
    400,
    '0x80044331',
    `A validation error occurred. The length of the '${column}' attribute of the '${table}' entity exceeded the maximum allowed length of '${max}'.`,
  );

/** 0x8004431A PicklistValueOutOfRange (community-sourced code). */
export const optionOutOfRange = (value: number, column: string, table: string, accepted: number[]) =>
  new DataverseError(
    400,
    '0x8004431a',
    `A validation error occurred. The value ${value} of '${column}' on record of type '${table}' is outside the valid range. Accepted Values: ${accepted.join(',')}`,
  );

/** use-alternate-key-reference-record: a key segment that names no declared key. */
export const invalidKey = (table: string) =>
  new DataverseError(
    400,
    '0x0',
    `The key in the request URI is not valid for resource 'Microsoft.Dynamics.CRM.${table}'. Ensure that the names and number of key properties match the declared or alternate key properties for the resource 'Microsoft.Dynamics.CRM.${table}'.`,
  );

/** A stable id for a privilege name, for messages that name one (Dataverse prints the privilege's own id). */
const privilegeId = (name: string) => {
  const h = createHash('sha1').update(`privilege:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/**
 * The caller holds no role granting the privilege: PrivilegeDenied 0x80040220 (-2147220960, "The user does not hold
 * the necessary privileges.", web-service-error-codes), 403, with the message Dataverse actually sends, as quoted by
 * Microsoft's troubleshooting pages: "Principal user (Id=<GUID>, type=8, roleCount=5, privilegeCount=465,
 * accessMode=0), is missing prvReadincident privilege (Id=<GUID>) on OTC=112 for entity 'incident'.
 * context.Caller=<GUID>". accessMode 4 is a non-interactive (application) user.
 */
export const missingPrivilege = (
  userId: string,
  privilege: string,
  table: string,
  otc: number,
  counts: { roleCount: number; privilegeCount: number } = { roleCount: 0, privilegeCount: 0 },
) =>
  new DataverseError(
    403,
    '0x80040220',
    `Principal user (Id=${userId}, type=8, roleCount=${counts.roleCount}, privilegeCount=${counts.privilegeCount}, accessMode=4), is missing ${privilege} privilege (Id=${privilegeId(privilege)}) on OTC=${otc} for entity '${table}'. context.Caller=${userId}`,
  );

/**
 * The privilege is held, but not at a depth that reaches this row (a Basic privilege on someone else's row):
 * 0x80040220 with SecLib's message, "SecLib::AccessCheckEx failed. Returned hr = -2147187962, ObjectID: <GUID>,
 * OwnerId: <GUID>,  OwnerIdType: 8 and CallingUser: <GUID>. ObjectTypeCode: <n>, objectBusinessUnitId: <GUID>,
 * AccessRights: WriteAccess" (Microsoft troubleshooting pages quote it; -2147187962 is 0x80048306). 403.
 */
export const accessCheckFailed = (row: { id: string; ownerId: string; businessUnitId: string }, callerId: string, otc: number, right: string) =>
  new DataverseError(
    403,
    '0x80040220',
    `SecLib::AccessCheckEx failed. Returned hr = -2147187962, ObjectID: ${row.id}, OwnerId: ${row.ownerId},  OwnerIdType: 8 and CallingUser: ${callerId}. ObjectTypeCode: ${otc}, objectBusinessUnitId: ${row.businessUnitId}, AccessRights: ${right}`,
  );

/** A user with no security role at all: 0x80042F09 (-2147209463), 403 (the Web API maps it to 403). */
export const noRolesAssigned = (userId: string) =>
  new DataverseError(403, '0x80042f09', `SecLib::RetrievePrivilegeForUser failed - no roles are assigned to user. Returned hr = -2147209463, User: ${userId}`);

/**
 * Field security (web-service-error-codes): AttributePrivilegeCreateIsMissing 0x8004F502 and
 * AttributePermissionUpdateIsMissingDuringUpdate 0x8004F507. The status (403) is the emulator's choice.
 */
export const securedFieldRefused = (operation: 'create' | 'update') =>
  operation === 'create'
    ? new DataverseError(403, '0x8004F502', 'The user does not have create permissions to a secured field. The requested operation could not be completed.')
    : new DataverseError(
        403,
        '0x8004F507',
        "The user doesn't have AttributePrivilegeUpdate and not granted shared access for a secured attribute during update operation",
      );

/** 0x80072560, reported for application users that were never added to the environment. */
export const notMemberOfOrganization = () => new DataverseError(403, '0x80072560', 'The user is not a member of the organization.');

/** compose-http-requests-handle-errors: 405 for a method the resource does not support. */
export const methodNotAllowed = (method: string, path: string) =>
  new DataverseError(405, '0x0', `The requested resource does not support http method '${method}'. (${path})`);

/** OData parser errors carry no Dataverse code. */
export const badRequest = (message: string) => new DataverseError(400, '0x0', message);

/**
 * Associating two rows that are already paired in an N:N relationship: the intersect table's unique index refuses the
 * second row. 0x80040237 DuplicateRecord "Cannot insert duplicate key." (web-service-error-codes), 412 as the other
 * duplicates (compose-http-requests-handle-errors).
 */
export const duplicateAssociation = () => new DataverseError(412, '0x80040237', 'Cannot insert duplicate key.');

/** A `$ref` body or `$id` naming a row of a table the N:N navigation property does not lead to. */
export const incompatibleReference = (set: string, nav: string, expected: string) =>
  new DataverseError(
    400,
    '0x80048d19',
    `Error identified in Payload provided by the user for Entity :'', ---->  InnerException : Microsoft.OData.ODataException: The entity set '${set}' of the referenced entity is not compatible with the navigation property '${nav}' (target '${expected}').`,
  );
