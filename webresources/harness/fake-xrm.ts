/**
 * Test harness only (never packed): a small Xrm for the browser tests, standing in for what Dynamics gives
 * a form script or an HTML web resource. It keeps what the scripts did (notifications, labels, dialogs,
 * Web API queries) and draws notifications and the confirm dialog on the page, so a test clicks the dialog's
 * buttons as a person would. Form events are dispatched from the handlers the packed FormXml declares.
 * Reference: https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference
 */
import type { Xrm, XrmExecutionContext, XrmFormContext } from '../src/shared/xrm.js';
import type { AttributeSpec, FormSpec, Recorded, XrmSpec } from './spec.js';

const recorded: Recorded = {
  notifications: {},
  labels: {},
  values: {},
  submitModes: {},
  dialogs: [],
  queries: [],
  updates: [],
  creates: [],
  forms: [],
  controlNotifications: {},
  navigations: [],
  picks: [],
};
/** The actions of each control notification, run when the test clicks its button. */
const controlActions = new Map<string, (() => void)[]>();

/** The Web API of this page's origin (the harness forwards it to the emulator), as Xrm.WebApi calls it. */
async function webApi(spec: XrmSpec, method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(`/api/data/v9.2/${path}`, {
    method,
    headers: { authorization: `Bearer ${spec.dataverseToken ?? ''}`, accept: 'application/json', 'content-type': 'application/json', 'OData-Version': '4.0' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json = (text ? JSON.parse(text) : {}) as Record<string, unknown> & { error?: { message?: string } };
  if (!response.ok) throw new Error(json.error?.message ?? `HTTP ${response.status}`);
  return json;
}

/** Our tables' entity set names are the logical name plus "s" (wxm_signedservice → wxm_signedservices); a few platform tables differ. */
const ENTITY_SETS: Record<string, string> = { savedquery: 'savedqueries', userquery: 'userqueries', wxm_autoreply: 'wxm_autoreplies' };
const entitySet = (entity: string) => ENTITY_SETS[entity] ?? `${entity}s`;
let form: FormSpec | undefined;
let context: XrmExecutionContext | undefined;
const dataOnLoad: (() => void)[] = [];

function drawNotifications(): void {
  const list = document.getElementById('notifications');
  if (!list) return;
  list.replaceChildren(
    ...Object.entries(recorded.notifications).map(([id, [level, message]]) => {
      const item = document.createElement('li');
      item.dataset.id = id;
      item.dataset.level = level;
      item.textContent = message;
      return item;
    }),
  );
}

/** Control notifications under the form notifications: each message with its action buttons (data-action="<id>"). */
function drawControlNotifications(): void {
  let list = document.getElementById('control-notifications');
  if (!list) {
    list = document.createElement('ul');
    list.id = 'control-notifications';
    document.getElementById('notifications')?.after(list);
    if (!list.isConnected) document.body.append(list);
  }
  list.replaceChildren(
    ...Object.entries(recorded.controlNotifications).flatMap(([control, byId]) =>
      Object.entries(byId).map(([id, n]) => {
        const item = document.createElement('li');
        item.dataset.control = control;
        item.dataset.id = id;
        item.dataset.level = n.level;
        item.append(n.messages.join(' '));
        n.actions.forEach((label, i) => {
          const button = document.createElement('button');
          button.dataset.action = id;
          button.textContent = label;
          button.onclick = () => controlActions.get(`${control}|${id}`)?.[i]?.();
          item.append(' ', button);
        });
        return item;
      }),
    ),
  );
}

function installXrm(spec: XrmSpec): void {
  const xrm: Xrm = {
    Utility: {
      getGlobalContext: () => ({
        getClientUrl: () => spec.clientUrl,
        userSettings: { languageId: spec.languageId },
        organizationSettings: { organizationId: spec.organizationId },
        client: { getFormFactor: () => spec.formFactor ?? 1 },
      }),
    },
    WebApi: {
      retrieveMultipleRecords: async (entity, options) => {
        recorded.queries.push(`${entity}${options ?? ''}`);
        if (entity !== 'environmentvariabledefinition') {
          if (!spec.dataverseToken) return { entities: [] };
          const page = await webApi(spec, 'GET', `${entitySet(entity)}${options ?? ''}`);
          const nextLink = page['@odata.nextLink'];
          return { entities: page.value as Record<string, unknown>[], ...(typeof nextLink === 'string' && { nextLink }) };
        }
        if (spec.relayUrl === null) return { entities: [] };
        return { entities: [{ defaultvalue: null, environmentvariabledefinition_environmentvariablevalue: [{ value: spec.relayUrl }] }] };
      },
      retrieveRecord: (entity, id, options) => webApi(spec, 'GET', `${entitySet(entity)}(${id})${options ?? ''}`),
      createRecord: async (entity, data) => {
        recorded.creates.push({ entity, data });
        const response = await fetch(`/api/data/v9.2/${entitySet(entity)}`, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${spec.dataverseToken ?? ''}`,
            accept: 'application/json',
            'content-type': 'application/json',
            'OData-Version': '4.0',
          },
          body: JSON.stringify(data),
        });
        if (!response.ok) {
          const json = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
          throw new Error(json.error?.message ?? `HTTP ${response.status}`);
        }
        // Dataverse answers 204 with the new row's address in OData-EntityId.
        const id = /\(([0-9a-f-]{36})\)\s*$/i.exec(response.headers.get('OData-EntityId') ?? '')?.[1] ?? '';
        return { entityType: entity, id };
      },
      updateRecord: async (entity, id, data) => {
        recorded.updates.push({ entity, id, data });
        await webApi(spec, 'PATCH', `${entitySet(entity)}(${id})`, data);
        return { entityType: entity, id };
      },
    },
    Device: {
      // The client's file dialog: a file input the test fills (page.setInputFiles('#pick-file', …)), as a person picks a file.
      pickFile: (options) =>
        new Promise((resolve) => {
          recorded.picks.push({ ...options });
          const input = document.createElement('input');
          input.type = 'file';
          input.id = 'pick-file';
          input.onchange = () => {
            const file = input.files?.[0];
            input.remove();
            if (!file) return resolve([]);
            const reader = new FileReader();
            reader.onload = () =>
              resolve([
                {
                  fileContent: String(reader.result).replace(/^data:[^,]*,/, ''),
                  fileName: file.name,
                  fileSize: Math.ceil(file.size / 1024),
                  mimeType: file.type,
                },
              ]);
            reader.readAsDataURL(file);
          };
          document.body.append(input);
        }),
    },
    Navigation: {
      navigateTo: async (pageInput, options) => {
        recorded.navigations.push({ pageInput: { ...pageInput }, ...(options && { options: { ...options } as Record<string, unknown> }) });
        return undefined;
      },
      openForm: async (options, parameters) => {
        recorded.forms.push({ entityName: options.entityName, ...(parameters && { parameters }) });
        return {};
      },
      openConfirmDialog: (strings) =>
        new Promise((resolve) => {
          recorded.dialogs.push(strings);
          const dialog = document.createElement('div');
          dialog.id = 'confirm-dialog';
          dialog.setAttribute('role', 'dialog');
          const button = (id: string, label: string | undefined, confirmed: boolean) => {
            const b = document.createElement('button');
            b.id = id;
            b.textContent = label ?? (confirmed ? 'OK' : 'Cancel');
            b.onclick = () => {
              dialog.remove();
              resolve({ confirmed });
            };
            return b;
          };
          const title = document.createElement('h2');
          title.textContent = strings.title ?? '';
          const text = document.createElement('p');
          text.textContent = strings.text;
          dialog.append(title, text, button('confirm-ok', strings.confirmButtonLabel, true), button('confirm-cancel', strings.cancelButtonLabel, false));
          document.body.append(dialog);
        }),
    },
  };
  (window as unknown as { Xrm: Xrm }).Xrm = xrm;
}

function handler(name: string): (context: XrmExecutionContext) => unknown {
  const fn = name.split('.').reduce<unknown>((scope, key) => (scope as Record<string, unknown> | undefined)?.[key], window);
  if (typeof fn !== 'function') throw new Error(`form handler ${name} is not defined by the loaded libraries`);
  return fn as (context: XrmExecutionContext) => unknown;
}

async function fire(event: string, column?: string): Promise<void> {
  for (const e of form?.events ?? []) {
    if (e.event !== event || e.column !== column) continue;
    for (const name of e.functionNames) await handler(name)(context!);
  }
  drawNotifications();
}

function formContext(spec: FormSpec): XrmFormContext {
  for (const [name, attribute] of Object.entries(spec.attributes)) {
    recorded.values[name] = attribute.date && typeof attribute.value === 'string' ? new Date(attribute.value) : attribute.value;
  }
  Object.assign(recorded.labels, spec.labels);
  return {
    data: { entity: { getId: () => spec.id, getEntityName: () => spec.entityName }, addOnLoad: (h) => void dataOnLoad.push(() => h(context!)) },
    ui: {
      getFormType: () => spec.formType,
      setFormNotification: (message, level, id) => ((recorded.notifications[id] = [level, message]), drawNotifications(), true),
      clearFormNotification: (id) => (delete recorded.notifications[id], drawNotifications(), true),
    },
    getAttribute: <T>(name: string) =>
      name in spec.attributes
        ? {
            getValue: () => (recorded.values[name] ?? null) as T | null,
            setValue: (value: T | null) => void (recorded.values[name] = value),
            getText: () => spec.attributes[name]?.text ?? null,
            setSubmitMode: (mode: string) => void (recorded.submitModes[name] = mode),
          }
        : null,
    getControl: (name) =>
      name in spec.labels
        ? {
            getLabel: () => recorded.labels[name]!,
            setLabel: (label: string) => void (recorded.labels[name] = label),
            addNotification: (n) => {
              (recorded.controlNotifications[name] ??= {})[n.uniqueId] = {
                level: n.notificationLevel,
                messages: [...n.messages],
                actions: (n.actions ?? []).map((a) => a.message ?? ''),
              };
              controlActions.set(
                `${name}|${n.uniqueId}`,
                (n.actions ?? []).map((a) => () => a.actions.forEach((f) => f())),
              );
              drawControlNotifications();
              return true;
            },
            clearNotification: (id) => {
              const byId = recorded.controlNotifications[name];
              if (byId && id) delete byId[id];
              else delete recorded.controlNotifications[name];
              drawControlNotifications();
              return true;
            },
          }
        : null,
  };
}

const harness = {
  installXrm,
  async openForm(spec: FormSpec): Promise<void> {
    form = spec;
    const fc = formContext(spec);
    context = { getFormContext: () => fc };
    await fire('onload');
  },
  /** The user changes a column: the value changes, then its OnChange handlers run. */
  async change(column: string, value: unknown): Promise<void> {
    recorded.values[column] = value;
    await fire('onchange', column);
  },
  /** The user saves: OnSave handlers, then the row as Dataverse now holds it, then the data OnLoad handlers. */
  async save(row: Record<string, AttributeSpec>): Promise<void> {
    await fire('onsave');
    for (const [name, attribute] of Object.entries(row))
      recorded.values[name] = attribute.date && typeof attribute.value === 'string' ? new Date(attribute.value) : attribute.value;
    if (form) form.formType = 2;
    for (const h of dataOnLoad) h();
  },
  state: (): Recorded => JSON.parse(JSON.stringify(recorded)) as Recorded,
};

(window as unknown as { __harness: typeof harness }).__harness = harness;
