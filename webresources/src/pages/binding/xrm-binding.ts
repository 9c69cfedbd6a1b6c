/**
 * The Client API calls this page needs beyond the shared ones (shared/xrm.ts), typed by hand:
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-webapi/createrecord
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-webapi/deleterecord
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-utility/lookupobjects
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-utility/getglobalcontext/usersettings
 */
import type { Xrm } from '../../shared/xrm.js';

export interface LookupValue {
  id: string;
  name?: string;
  entityType: string;
}

export interface BindingXrm extends Xrm {
  WebApi: Xrm['WebApi'] & {
    createRecord(entityLogicalName: string, data: Record<string, unknown>): Promise<{ entityType: string; id: string }>;
    deleteRecord(entityLogicalName: string, id: string): Promise<{ entityType: string; id: string }>;
    retrieveRecord(entityLogicalName: string, id: string, options?: string): Promise<Record<string, unknown>>;
  };
  Utility: Xrm['Utility'] & {
    lookupObjects?(options: { entityTypes: string[]; defaultEntityType?: string; allowMultiSelect?: boolean }): Promise<LookupValue[]>;
  };
}

/** The Xrm this page can work with, or undefined when a call it needs is missing. */
export function asBindingXrm(xrm: Xrm | undefined): BindingXrm | undefined {
  const api = xrm?.WebApi as Partial<BindingXrm['WebApi']> | undefined;
  return api?.createRecord && api.deleteRecord && api.retrieveRecord ? (xrm as BindingXrm) : undefined;
}

/** The signed-in user's id, lower case without braces. */
export function currentUserId(xrm: Xrm): string {
  const settings = xrm.Utility.getGlobalContext().userSettings as { userId?: string };
  return (settings.userId ?? '').replace(/[{}]/g, '').toLowerCase();
}
