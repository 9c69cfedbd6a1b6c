/**
 * The PCF adapter of the menu designer, and nothing more: it maps the context (the bound wxm_definition, the form
 * record, the user's language, strings, web API) to plain props, and hands every edit back to the form through
 * notifyOutputChanged / getOutputs. https://learn.microsoft.com/power-apps/developer/component-framework/react-controls-platform-libraries
 */
import * as React from 'react';
import { Designer, type DesignerProps } from './components/Designer';
import { fillPlaceholders, type StringKey, type Translate } from './menu/strings';
import type { IInputs, IOutputs } from './generated/ManifestTypes';

type Context = ComponentFramework.Context<IInputs>;

/** The form record's id (contextInfo is not in the published typings, but model-driven forms give it to field controls). */
function recordIdOf(context: Context): string | undefined {
  const info = (context.mode as unknown as { contextInfo?: { entityId?: string } }).contextInfo;
  return info?.entityId === '' ? undefined : info?.entityId;
}

export class MenuDesigner implements ComponentFramework.ReactControl<IInputs, IOutputs> {
  private notifyOutputChanged: () => void;
  private definition: string | undefined;

  public init(_context: Context, notifyOutputChanged: () => void): void {
    this.notifyOutputChanged = notifyOutputChanged;
  }

  public updateView(context: Context): React.ReactElement {
    const t: Translate = (key: StringKey, ...args) => fillPlaceholders(context.resources.getString(key), args);
    const recordId = recordIdOf(context);
    const props: DesignerProps = {
      initial: context.parameters.definition.raw,
      recordId,
      languageId: context.userSettings.languageId,
      readOnly: context.mode.isControlDisabled,
      webApi: context.webAPI,
      t,
      now: () => new Date(),
      confirm: (message) => window.confirm(message),
      onChange: (definition) => {
        this.definition = definition;
        this.notifyOutputChanged();
      },
    };
    // Keyed by record: another record (or a new one saved) starts a fresh designer.
    return React.createElement(Designer, { ...props, key: recordId ?? 'new' });
  }

  public getOutputs(): IOutputs {
    return this.definition === undefined ? {} : { definition: this.definition };
  }

  public destroy(): void {
    // Nothing to release: the designer holds no timers beyond a request it is following.
  }
}
