/**
 * The part of the Dynamics 365 Client API these web resources use, typed by hand (no @types/xrm in the
 * repository). Names and shapes follow the Client API reference:
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference
 */

export type NotificationLevel = 'ERROR' | 'WARNING' | 'INFO';

export interface XrmAttribute<T = unknown> {
  getValue(): T | null;
  setValue(value: T | null): void;
  /** Formatted text of a choice in the user's language. */
  getText?(): string | null;
  setSubmitMode?(mode: 'always' | 'never' | 'dirty'): void;
  addOnChange?(handler: (context: XrmExecutionContext) => void): void;
}

/** A control notification; RECOMMENDATION ones may carry actions (buttons). */
export interface XrmControlNotification {
  messages: string[];
  notificationLevel: 'ERROR' | 'RECOMMENDATION';
  uniqueId: string;
  actions?: { message?: string; actions: (() => void)[] }[];
}

export interface XrmControl {
  getLabel(): string;
  setLabel(label: string): void;
  /** https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/controls/addnotification */
  addNotification?(notification: XrmControlNotification): boolean;
  /** https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/controls/clearnotification */
  clearNotification?(uniqueId?: string): boolean;
}

export interface XrmFormContext {
  data: {
    entity: { getId(): string; getEntityName(): string };
    /** Handlers run each time the form's data loads again, e.g. after a save. */
    addOnLoad?(handler: (context: XrmExecutionContext) => void): void;
    /** https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/formcontext-data/refresh */
    refresh?(save: boolean): Promise<void>;
  };
  ui: {
    /** 1 create, 2 update, 3 read only, 4 disabled (https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/formcontext-ui/getformtype). */
    getFormType(): number;
    setFormNotification(message: string, level: NotificationLevel, uniqueId: string): boolean;
    clearFormNotification(uniqueId: string): boolean;
  };
  getAttribute<T = unknown>(name: string): XrmAttribute<T> | null;
  getControl(name: string): XrmControl | null;
}

export interface XrmExecutionContext {
  getFormContext(): XrmFormContext;
}

export interface XrmGlobalContext {
  getClientUrl(): string;
  userSettings: { languageId: number };
  organizationSettings: { organizationId: string };
  /** 0 unknown, 1 desktop, 2 tablet, 3 phone. */
  client?: { getFormFactor(): number };
}

export interface RetrieveMultipleResult {
  entities: Record<string, unknown>[];
  /** The next page's URL when there is one (https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-webapi/retrievemultiplerecords). */
  nextLink?: string;
}

/** A file Xrm.Device.pickFile returns: the content as base64, the size in KB. */
export interface PickedFile {
  fileContent: string;
  fileName: string;
  fileSize: number;
  mimeType: string;
}

export interface Xrm {
  Utility: { getGlobalContext(): XrmGlobalContext };
  Device?: {
    /** https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-device/pickfile */
    pickFile?(options?: { accept?: 'audio' | 'video' | 'image'; allowMultipleFiles?: boolean; maximumAllowedFileSize?: number }): Promise<PickedFile[]>;
  };
  WebApi: {
    retrieveMultipleRecords(entityLogicalName: string, options?: string): Promise<RetrieveMultipleResult>;
    /** https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-webapi/retrieverecord */
    retrieveRecord?(entityLogicalName: string, id: string, options?: string): Promise<Record<string, unknown>>;
    /** https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-webapi/createrecord */
    createRecord?(entityLogicalName: string, data: Record<string, unknown>): Promise<{ entityType: string; id: string }>;
    /** https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-webapi/updaterecord */
    updateRecord?(entityLogicalName: string, id: string, data: Record<string, unknown>): Promise<{ entityType: string; id: string }>;
  };
  Navigation: {
    openConfirmDialog(
      strings: { title?: string; subtitle?: string; text: string; confirmButtonLabel?: string; cancelButtonLabel?: string },
      options?: { height?: number; width?: number },
    ): Promise<{ confirmed: boolean }>;
    openForm?(options: { entityName: string; useQuickCreateForm?: boolean }, parameters?: Record<string, string>): Promise<unknown>;
    /** https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-navigation/navigateto */
    navigateTo?(
      pageInput: { pageType: 'webresource'; webresourceName: string; data?: string },
      navigationOptions?: { target: 1 | 2; width?: { value: number; unit: '%' | 'px' }; height?: { value: number; unit: '%' | 'px' }; title?: string },
    ): Promise<unknown>;
  };
}

/**
 * The Xrm object of the hosting page: form scripts get it as a global; an HTML web resource shown in the
 * app reads it from its parent frame. A cross-origin parent throws on access, which means "not inside Dynamics".
 */
export function findXrm(win: { parent: unknown }): Xrm | undefined {
  const candidates = [() => (win as { Xrm?: Xrm }).Xrm, () => (win.parent as { Xrm?: Xrm } | null)?.Xrm];
  for (const get of candidates) {
    try {
      const xrm = get();
      if (xrm?.Utility && xrm.WebApi) return xrm;
    } catch {
      // cross-origin parent: not inside Dynamics
    }
  }
  return undefined;
}
