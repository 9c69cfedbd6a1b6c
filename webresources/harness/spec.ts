/**
 * Test harness only: what a browser test hands the fake Xrm (webresources/harness/fake-xrm.ts) and what it
 * reads back. Plain types, shared by the page side and the Node side of the tests.
 */

export interface XrmSpec {
  languageId: number;
  clientUrl: string;
  organizationId: string;
  /** Value of the wxm_RelayUrl environment variable; null when it is not set. */
  relayUrl: string | null;
  formFactor?: number;
  /**
   * When set, Web API calls for tables other than environment variables go to this page's own origin
   * (/api/data/v9.2/…, as Xrm.WebApi does with the user's session) with this bearer token; the harness
   * forwards them to the org's Dataverse emulator.
   */
  dataverseToken?: string;
}

export interface AttributeSpec {
  value: unknown;
  /** A choice's label in the user's language (getText). */
  text?: string;
  /** Date columns come back from Xrm as Date objects. */
  date?: boolean;
}

export interface FormSpec {
  entityName: string;
  id: string;
  formType: number;
  attributes: Record<string, AttributeSpec>;
  labels: Record<string, string>;
  /** From the packed FormXml: onload, onsave and onchange (with its column) → handler function names. */
  events: { event: string; column?: string; functionNames: string[] }[];
}

export interface Recorded {
  notifications: Record<string, ['ERROR' | 'WARNING' | 'INFO', string]>;
  labels: Record<string, string>;
  values: Record<string, unknown>;
  submitModes: Record<string, string>;
  dialogs: { title?: string; text: string; confirmButtonLabel?: string; cancelButtonLabel?: string }[];
  queries: string[];
  /** Xrm.WebApi.updateRecord calls, in order. */
  updates: { entity: string; id: string; data: Record<string, unknown> }[];
  /** Xrm.WebApi.createRecord calls, in order. */
  creates: { entity: string; data: Record<string, unknown> }[];
  /** Control notifications (addNotification) by control, then unique id: level, messages and action labels. */
  controlNotifications: Record<string, Record<string, { level: string; messages: string[]; actions: string[] }>>;
  /** Xrm.Navigation.navigateTo calls, in order. */
  navigations: { pageInput: Record<string, unknown>; options?: Record<string, unknown> }[];
  /** Xrm.Device.pickFile calls (their options), in order. */
  picks: { accept?: string; allowMultipleFiles?: boolean; maximumAllowedFileSize?: number }[];
  /** Xrm.Navigation.openForm calls, in order. */
  forms: { entityName: string; parameters?: Record<string, string> }[];
}
