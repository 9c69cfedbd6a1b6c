/**
 * The harness page's script: a PCF context as a model-driven form gives the designer (the bound wxm_definition, the
 * form record in mode.contextInfo, the user's language, the control's strings, context.webAPI against the same-origin
 * Web API), and the platform's loop: init, updateView → element, ReactDOM.render, updateView again after
 * notifyOutputChanged (the form takes the new value, as Dynamics does), recording what the control handed back.
 * https://learn.microsoft.com/power-apps/developer/component-framework/reference/context
 */
import { createMenuWebApi, type RequestLogEntry } from './web-api.js';

interface ControlInstance {
  init(context: unknown, notifyOutputChanged: () => void, state: Record<string, unknown>, container?: unknown): void;
  updateView(context: unknown): unknown;
  getOutputs(): Record<string, unknown>;
  destroy(): void;
}
type ControlClass = new () => ControlInstance;

interface PageGlobals {
  ReactDOM: { render(element: unknown, container: unknown): void; unmountComponentAtNode(container: unknown): boolean };
  document: { getElementById(id: string): { textContent: string } | null };
  ComponentFramework?: { registerControl(name: string, control: ControlClass): void };
  harness?: unknown;
  confirm(message: string): boolean;
}
const page = globalThis as unknown as PageGlobals;

export interface MountOptions {
  recordId?: string;
  definition: string | null;
  languageId: 1033 | 2052;
  readOnly?: boolean;
}

let controlClass: ControlClass | undefined;
page.ComponentFramework = {
  registerControl(name, control) {
    if (name === 'Wechat.MenuDesigner') controlClass = control;
  },
};

const record = { missingStrings: [] as string[], requests: [] as RequestLogEntry[], outputs: [] as string[], confirms: [] as string[] };
let instance: ControlInstance | undefined;
let confirmAnswer = true;
page.confirm = (message: string) => {
  record.confirms.push(message);
  return confirmAnswer;
};

async function mount(options: MountOptions): Promise<void> {
  if (!controlClass) throw new Error('bundle.js did not register Wechat.MenuDesigner');
  const strings = (await (await fetch(`/strings/${options.languageId}.json`)).json()) as Record<string, string>;
  const container = page.document.getElementById('control');
  const tab = page.document.getElementById('tab');
  if (tab) tab.textContent = options.languageId === 2052 ? '菜单设计' : 'Designer';
  let value = options.definition;
  const context = {
    parameters: { definition: { raw: value, formatted: value, type: 'Multiple', attributes: { LogicalName: 'wxm_definition' } } },
    mode: {
      allocatedHeight: -1,
      allocatedWidth: -1,
      isControlDisabled: options.readOnly ?? false,
      isVisible: true,
      label: 'Definition',
      contextInfo: options.recordId
        ? { entityId: options.recordId, entityTypeName: 'wxm_menu', entityRecordName: 'Menu' }
        : { entityId: '', entityTypeName: 'wxm_menu' },
      setControlState: () => true,
      setFullScreen: () => undefined,
      trackContainerResize: () => undefined,
    },
    userSettings: { languageId: options.languageId, isRTL: false, userId: '{00000000-0000-0000-0000-000000000001}', userName: 'Admin', securityRoles: [] },
    resources: {
      getString: (key: string) => {
        const found = strings[key];
        if (found !== undefined) return found;
        record.missingStrings.push(key);
        return key;
      },
    },
    webAPI: createMenuWebApi(record.requests),
    factory: { requestRender: () => setTimeout(render, 0) },
  };
  const render = () => {
    if (instance) page.ReactDOM.render(instance.updateView(context), container);
  };
  unmount();
  instance = new controlClass();
  instance.init(
    context,
    () => {
      // The form takes the control's value and gives it back in the next updateView.
      const out = instance?.getOutputs().definition;
      if (typeof out === 'string') {
        value = out;
        record.outputs.push(out);
        context.parameters.definition.raw = value;
        context.parameters.definition.formatted = value;
        setTimeout(render, 0);
      }
    },
    {},
    container,
  );
  render();
}

function unmount(): void {
  if (!instance) return;
  instance.destroy();
  page.ReactDOM.unmountComponentAtNode(page.document.getElementById('control'));
  instance = undefined;
}

page.harness = {
  mount,
  unmount,
  record,
  answerConfirm: (answer: boolean) => {
    confirmAnswer = answer;
  },
};
