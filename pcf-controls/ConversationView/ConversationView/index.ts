/**
 * The PCF adapter of the conversation view, and nothing more: it maps the context (web API, user settings,
 * strings, the form's record) to plain props and callbacks for the React components, and re-renders when the
 * conversation state changes. https://learn.microsoft.com/power-apps/developer/component-framework/react-controls-platform-libraries
 */
import * as React from 'react';
import { Conversation, type ConversationProps } from './components/Conversation';
import { ConversationStore } from './conversation/conversation-store';
import { makeFormatters } from './conversation/formatters';
import { fillPlaceholders, type StringKey, type Translate } from './conversation/strings';
import type { DatePatterns } from './conversation/time-format';
import type { IInputs, IOutputs } from './generated/ManifestTypes';

type Context = ComponentFramework.Context<IInputs>;

/** The form record's id: the followerId input when set (a custom page), else the record the form shows. */
function followerIdOf(context: Context): string | undefined {
  const input = context.parameters.followerId?.raw;
  if (input) return input;
  // contextInfo is not in the published typings, but model-driven forms give it to field controls.
  const info = (context.mode as unknown as { contextInfo?: { entityId?: string } }).contextInfo;
  return info?.entityId;
}

function datePatterns(context: Context): DatePatterns {
  const f = context.userSettings.dateFormattingInfo;
  return {
    shortTimePattern: f.shortTimePattern,
    longDatePattern: f.longDatePattern,
    amDesignator: f.amDesignator,
    pmDesignator: f.pmDesignator,
    dayNames: f.dayNames,
    abbreviatedDayNames: f.abbreviatedDayNames,
    monthNames: f.monthNames,
    abbreviatedMonthNames: f.abbreviatedMonthNames,
  };
}

export class ConversationView implements ComponentFramework.ReactControl<IInputs, IOutputs> {
  private store: ConversationStore;
  private unsubscribe: () => void;

  public init(context: Context): void {
    // Without this the host never gives allocatedHeight/Width (they stay -1) nor calls updateView on a resize:
    // a custom page's height would be ignored. On a model-driven form the height stays -1 and the list keeps its
    // default. https://learn.microsoft.com/power-apps/developer/component-framework/reference/mode/trackcontainerresize
    context.mode.trackContainerResize(true);
    this.store = new ConversationStore({
      webApi: context.webAPI,
      timers: { set: (callback, ms) => window.setTimeout(callback, ms), clear: (handle) => window.clearTimeout(handle as number) },
      clock: () => Date.now(),
      newUuid: () => crypto.randomUUID(),
    });
    // Many state changes in one turn become one render request.
    let requested = false;
    this.unsubscribe = this.store.subscribe(() => {
      if (requested) return;
      requested = true;
      queueMicrotask(() => {
        requested = false;
        context.factory.requestRender();
      });
    });
  }

  public updateView(context: Context): React.ReactElement {
    const followerId = followerIdOf(context);
    if (followerId) void this.store.open(followerId);
    const t: Translate = (key: StringKey, ...args) => fillPlaceholders(context.resources.getString(key), args);
    // The host's height (custom pages, canvas apps) less the header, banner and composer; -1 on a form.
    const allocated = context.mode.allocatedHeight;
    const props: ConversationProps = {
      state: this.store.getState(),
      t,
      languageId: context.userSettings.languageId,
      formatters: makeFormatters(datePatterns(context), (ms) => context.userSettings.getTimeZoneOffsetMinutes(new Date(ms)), t),
      readOnly: context.mode.isControlDisabled,
      listHeight: allocated > 0 ? Math.max(240, allocated - 240) : 480,
      onLoadOlder: () => void this.store.loadOlder(),
      onSend: (reply) => this.store.send(reply),
      onNeedMedia: (messageId) => void this.store.loadMedia(messageId),
    };
    return React.createElement(Conversation, props);
  }

  public getOutputs(): IOutputs {
    return {};
  }

  public destroy(): void {
    this.unsubscribe();
    this.store.close();
  }
}
