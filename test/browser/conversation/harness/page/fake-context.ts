/**
 * A PCF context as a model-driven form gives a field control: the bound column, the form record (mode.contextInfo),
 * the user's language, time zone and date formats, the control's strings, context.webAPI and factory.requestRender.
 * https://learn.microsoft.com/power-apps/developer/component-framework/reference/context
 */
import { createWebApi, type RequestLogEntry } from './fake-web-api.js';
import { dateFormattingInfo } from './user-settings.js';

export interface MountOptions {
  followerId: string;
  followerName: string;
  /** How the control learns the record: from the form (contextInfo, as on the follower form) or the followerId input. */
  via: 'contextInfo' | 'parameter';
  languageId: 1033 | 2052;
  /** The user's Dynamics time zone, as getTimeZoneOffsetMinutes answers (minutes east of UTC). */
  timeZoneOffsetMinutes: number;
  readOnly?: boolean;
  /** The height the host gives the control (a custom page or canvas app); -1, as a model-driven form gives. */
  allocatedHeight?: number;
}

export interface HarnessRecord {
  missingStrings: string[];
  requests: RequestLogEntry[];
  renders: number;
  /** Every context.mode.trackContainerResize(value) call. */
  trackContainerResize: boolean[];
}

/**
 * The host's sizes follow the platform: -1 until the control calls trackContainerResize(true), then what the host
 * allocates (https://learn.microsoft.com/power-apps/developer/component-framework/reference/mode/trackcontainerresize).
 * `setAllocatedHeight` is the host resizing the container; it returns whether the control tracks (and so gets a new
 * updateView, with "layout" among the updated properties).
 */
export function createContext(options: MountOptions, strings: Record<string, string>, record: HarnessRecord, requestRender: () => void) {
  let tracking = false;
  let height = options.allocatedHeight ?? -1;
  const context = {
    updatedProperties: [] as string[],
    parameters: {
      followerName: { raw: options.followerName, formatted: options.followerName, type: 'SingleLine.Text', attributes: { LogicalName: 'wxm_name' } },
      followerId: { raw: options.via === 'parameter' ? options.followerId : null, type: 'SingleLine.Text' },
    },
    mode: {
      get allocatedHeight() {
        return tracking ? height : -1;
      },
      allocatedWidth: -1,
      isControlDisabled: options.readOnly ?? false,
      isVisible: true,
      label: 'Follower',
      contextInfo:
        options.via === 'contextInfo' ? { entityId: options.followerId, entityTypeName: 'wxm_follower', entityRecordName: options.followerName } : undefined,
      setControlState: () => true,
      setFullScreen: () => undefined,
      trackContainerResize: (value: boolean) => {
        tracking = value;
        record.trackContainerResize.push(value);
      },
    },
    userSettings: {
      languageId: options.languageId,
      isRTL: false,
      userId: '{00000000-0000-0000-0000-000000000001}',
      userName: 'Operator',
      securityRoles: [],
      dateFormattingInfo: dateFormattingInfo(options.languageId),
      getTimeZoneOffsetMinutes: () => options.timeZoneOffsetMinutes,
    },
    resources: {
      getString: (key: string) => {
        const value = strings[key];
        if (value !== undefined) return value;
        record.missingStrings.push(key);
        return key;
      },
      getResource: (_id: string, _success: (data: string) => void, failure: () => void) => failure(),
    },
    webAPI: createWebApi(record.requests),
    factory: { requestRender },
    client: { getFormFactor: () => 1, getClient: () => 'Web', isOffline: () => false, disableScroll: false },
  };
  const setAllocatedHeight = (value: number): boolean => {
    height = value;
    context.updatedProperties = tracking ? ['layout'] : [];
    return tracking;
  };
  return { context, setAllocatedHeight };
}
