/**
 * Registers the relay's webhook in one Dataverse environment: a service endpoint (contract 8,
 * Webhook) pointing at `{relay}/api/dataverse/webhook`, and asynchronous PostOperation steps for
 * the rows the relay must hear about. Idempotent: a second run updates the same rows.
 *
 * Done per environment rather than inside the solution zip, because the URL and key differ per
 * environment and a key must never ship inside a distributed managed solution.
 *
 * The key is that org's own key (derived by the relay from RELAY_SECRET_KEY and the organization id) and travels
 * as an HTTP header, never in the URL: authtype 5 "Http Header" (the serviceendpoint reference lists 4 Webhook Key,
 * 5 Http Header, 6 Http Query String), with `authvalue` holding the headers as
 * `<settings><setting name="…" value="…" /></settings>`. That XML form is not on a Microsoft page: it is what the
 * Plug-in Registration tool stores and what public registration scripts send (e.g. the Stack Overflow question
 * "Howto register a webhook with AuthType=HttpHeader using Dynamics 365 Web API", where a plain `Key: Value`
 * authvalue fails with 0x80050203 "invalid http headers in authValue"); the Dataverse emulator reads the same form.
 *
 * https://learn.microsoft.com/power-apps/developer/data-platform/register-web-hook
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/serviceendpoint
 * https://learn.microsoft.com/power-apps/developer/data-platform/reference/entities/sdkmessageprocessingstep
 */
import type { DynamicsWebApi } from 'dynamics-web-api';
import {
  AutoReply,
  Broadcast,
  Material,
  Menu,
  SignedService,
  Message,
  OfficialAccount,
  QrCode,
  SubscriptionMessage,
  SubscriptionTemplate,
  Tag,
  Template,
  TemplateMessage,
} from '../generated/schema.js';

export const WEBHOOK_PATH = '/api/dataverse/webhook';
export const DEFAULT_ENDPOINT_NAME = 'Wechat Marketing Relay';

/** serviceendpoint.contract 8 = Webhook; authtype 5 = Http Header; messageformat 2 = JSON. */
const CONTRACT_WEBHOOK = 8;
const AUTH_HTTP_HEADER = 5;
const MESSAGE_FORMAT_JSON = 2;
const CONNECTION_MODE_NORMAL = 1;
/** sdkmessageprocessingstep.stage 40 = PostOperation, mode 1 = Asynchronous, supporteddeployment 0 = server only. */
const STAGE_POST_OPERATION = 40;
const MODE_ASYNCHRONOUS = 1;

/** The header the relay reads an org's webhook key from (relay/webhook/webhook-key.ts: WEBHOOK_KEY_HEADER). */
export const WEBHOOK_KEY_HEADER = 'x-wxm-webhook-key';

/** A step on one table's row messages. */
export interface RowStepSpec {
  message: 'Create' | 'Update' | 'Delete';
  table: string;
  /** Update steps fire only when one of these columns changes. */
  filteringAttributes?: string[];
  description: string;
}

/**
 * A step on the N:N pairing messages. Dataverse registers Associate and Disassociate without a primary table (no
 * sdkmessagefilter): the step fires for every relationship of the org, and the handler tells them apart by the
 * context's Relationship input. So there is one step per message, whichever relationships the relay wants
 * (`relationships` documents them and the relay's router checks them); specs of the same message are merged.
 */
export interface PairingStepSpec {
  message: 'Associate' | 'Disassociate';
  /** Schema names of the N:N relationships the relay acts on, e.g. `wxm_follower_wxm_tag`. */
  relationships: string[];
  description: string;
}

export type WebhookStepSpec = RowStepSpec | PairingStepSpec;

export const isPairingStep = (step: WebhookStepSpec): step is PairingStepSpec => step.message === 'Associate' || step.message === 'Disassociate';

/**
 * What the relay listens to. Outbound messages: every Create of wxm_message (the relay ignores
 * inbound rows, which it wrote itself). Signed services: Create, Update of the columns an admin
 * edits (not the status columns the relay writes, so its own updates never echo back), and Delete
 * (deleting the row revokes, like unticking the agreement).
 */
export const WEBHOOK_STEPS: readonly WebhookStepSpec[] = [
  { message: 'Create', table: Message.logicalName, description: 'An operator created a message; the relay sends it if it is outbound.' },
  { message: 'Create', table: SignedService.logicalName, description: 'An admin registered a signed service; the relay connects to it.' },
  {
    message: 'Update',
    table: SignedService.logicalName,
    description: 'An admin changed a signed service; the relay reconnects, rotates the secret or revokes.',
    filteringAttributes: [
      SignedService.columns.TenantId,
      SignedService.columns.ClientId,
      SignedService.columns.ClientSecret,
      SignedService.columns.EnvironmentUrl,
      SignedService.columns.Cloud,
      SignedService.columns.AppId,
      SignedService.columns.BindingToken,
      SignedService.columns.AgreementAccepted,
      SignedService.columns.ContactMatchColumn,
      SignedService.columns.StateCode,
    ],
  },
  { message: 'Delete', table: SignedService.logicalName, description: 'An admin deleted a signed service; the relay revokes it.' },
  {
    message: 'Update',
    table: OfficialAccount.logicalName,
    description: 'Someone asked for a follower sync; the relay starts it (or leaves the one running).',
    filteringAttributes: [OfficialAccount.columns.SyncRequestedOn],
  },
  {
    message: 'Update',
    table: OfficialAccount.logicalName,
    description: 'Someone asked to check or reset the API quota; the relay reads or resets it in WeChat.',
    filteringAttributes: [OfficialAccount.columns.QuotaRequestedOn, OfficialAccount.columns.QuotaResetRequestedOn],
  },
  {
    message: 'Update',
    table: OfficialAccount.logicalName,
    description: 'Remove account: relay state, data if asked.',
    filteringAttributes: [OfficialAccount.columns.RemovalRequestedOn],
  },
  { message: 'Delete', table: OfficialAccount.logicalName, description: 'An account row was deleted; the relay removes its state of the account.' },
  {
    message: 'Create',
    table: QrCode.logicalName,
    description: 'A QR code was saved; the relay makes it in WeChat.',
  },
  {
    message: 'Update',
    table: QrCode.logicalName,
    description: 'A QR code not made yet was changed; the relay makes it.',
    filteringAttributes: [
      QrCode.columns.OfficialAccountId,
      QrCode.columns.Purpose,
      QrCode.columns.Permanent,
      QrCode.columns.ExpireSeconds,
      QrCode.columns.Scene,
      QrCode.columns.ReferrerId,
      QrCode.columns.ReferralProgramId,
      QrCode.columns.BindContactId,
      QrCode.columns.BindLeadId,
      QrCode.columns.BindUserId,
    ],
  },
  // Materials (relay/materials): a saved row's note is uploaded once; Upload Requested On asks again. The relay's
  // write-back columns are not in the filter (a note added to the row changes no column: the stamp tells the relay).
  { message: 'Create', table: Material.logicalName, description: 'Someone saved a material; the relay uploads its note to WeChat.' },
  {
    message: 'Update',
    table: Material.logicalName,
    description: 'A material was changed, or Upload or Delete stamped on it; the relay uploads its note to WeChat or deletes it there.',
    filteringAttributes: [
      Material.columns.OfficialAccountId,
      Material.columns.Purpose,
      Material.columns.MediaType,
      Material.columns.AnnotationId,
      Material.columns.Title,
      Material.columns.Introduction,
      Material.columns.UploadRequestedOn,
      Material.columns.DeleteRequestedOn,
    ],
  },
  // Auto replies (relay/autoreplies): a rule saved or deleted compiles the account's rules again; the relay's own
  // write-back columns (state, reason) are not in the filter. An account row created (a Signed Service connected the
  // account) imports the MP console's rules once.
  { message: 'Create', table: AutoReply.logicalName, description: 'Someone created an auto-reply rule; the relay checks it and answers with it.' },
  {
    message: 'Update',
    table: AutoReply.logicalName,
    description: 'Someone changed an auto-reply rule; the relay checks it again and answers with the new version.',
    filteringAttributes: [
      AutoReply.columns.Name,
      AutoReply.columns.OfficialAccountId,
      AutoReply.columns.Kind,
      AutoReply.columns.Keywords,
      AutoReply.columns.MatchMode,
      AutoReply.columns.Priority,
      AutoReply.columns.MenuKey,
      AutoReply.columns.QrCodeId,
      AutoReply.columns.ReplyType,
      AutoReply.columns.ReplyText,
      AutoReply.columns.MediaId,
      AutoReply.columns.NewsJson,
      AutoReply.columns.MiniProgramAppId,
      AutoReply.columns.MiniProgramPagePath,
      AutoReply.columns.MiniProgramTitle,
      AutoReply.columns.DefaultPeriodMinutes,
      AutoReply.columns.StateCode,
    ],
  },
  { message: 'Delete', table: AutoReply.logicalName, description: 'Someone deleted an auto-reply rule; the relay stops answering with it.' },
  { message: 'Create', table: OfficialAccount.logicalName, description: 'Connected: the relay imports its MP console auto replies.' },
  // Tags (relay/tags): made, renamed and deleted in WeChat; the relay's own write-back columns are not in the filter.
  { message: 'Create', table: Tag.logicalName, description: 'Someone created a tag; the relay makes it in WeChat and writes the WeChat id back.' },
  {
    message: 'Update',
    table: Tag.logicalName,
    description: 'Someone renamed a tag or changed its audience; the relay renames it in WeChat and reconciles the audience.',
    filteringAttributes: [Tag.columns.Name, Tag.columns.AudienceListId, Tag.columns.AudienceViewId],
  },
  { message: 'Delete', table: Tag.logicalName, description: 'Someone deleted a tag; the relay deletes it in WeChat (or puts the row back with the reason).' },
  {
    message: 'Associate',
    relationships: ['wxm_follower_wxm_tag'],
    description: 'Followers were paired with a tag; the relay tags them in WeChat (batchtagging).',
  },
  {
    message: 'Disassociate',
    relationships: ['wxm_follower_wxm_tag'],
    description: 'Followers were parted from a tag; the relay untags them in WeChat (batchuntagging).',
  },
  // Template messages (relay/templates): a message row is sent once; a template row is added from the library or
  // deleted in WeChat; "Sync templates" on the account brings WeChat's templates in. The relay's own write-back
  // columns are not in the filters, so its writes never echo back.
  { message: 'Create', table: TemplateMessage.logicalName, description: 'Someone created a template message; the relay checks and sends it.' },
  { message: 'Create', table: Template.logicalName, description: 'Someone added a template from the library; the relay adds it in WeChat.' },
  {
    message: 'Update',
    table: Template.logicalName,
    description: "Someone changed a template's library short id or keywords; the relay adds it in WeChat if it is not there yet.",
    filteringAttributes: [Template.columns.ShortId, Template.columns.KeywordNames],
  },
  { message: 'Delete', table: Template.logicalName, description: 'Someone deleted a template; the relay deletes it in WeChat.' },
  {
    message: 'Update',
    table: OfficialAccount.logicalName,
    description: 'Sync templates.',
    filteringAttributes: [OfficialAccount.columns.TemplateSyncRequestedOn],
  },
  // Menus (relay/menus): Publish and Import stamp request columns; the relay's write-back columns are not in the filter.
  {
    message: 'Update',
    table: Menu.logicalName,
    description: 'Someone asked to publish a menu or import the live one; the relay checks and publishes it, or reads it from WeChat.',
    filteringAttributes: [Menu.columns.PublishRequestedOn, Menu.columns.ImportRequestedOn],
  },
  { message: 'Delete', table: Menu.logicalName, description: 'Someone deleted a menu; the relay deletes the conditional menu it published for the row.' },
  // Subscription notifications (relay/subscriptions): a message row is sent once; a template row is added from the
  // library, synced or deleted when its request columns are stamped. The relay's write-back columns are not filtered.
  {
    message: 'Create',
    table: SubscriptionMessage.logicalName,
    description: 'Someone created a subscription message; the relay checks consent and values and sends it.',
  },
  {
    message: 'Create',
    table: SubscriptionTemplate.logicalName,
    description: 'Someone chose a subscription template from the library; the relay adds it in WeChat.',
  },
  {
    message: 'Update',
    table: SubscriptionTemplate.logicalName,
    description: 'A subscription template was changed, or Sync or Delete stamped on it; the relay adds, syncs or deletes it in WeChat.',
    filteringAttributes: [
      SubscriptionTemplate.columns.Tid,
      SubscriptionTemplate.columns.KeywordIds,
      SubscriptionTemplate.columns.SyncRequestedOn,
      SubscriptionTemplate.columns.DeleteRequestedOn,
    ],
  },
  // Broadcasts (relay/broadcasts): a saved draft gets its reach estimate; Preview, Send and Delete stamp request
  // columns. The relay's write-back columns (status, estimate, results) are not in the filter.
  {
    message: 'Create',
    table: Broadcast.logicalName,
    description: 'Someone made a broadcast; the relay estimates its reach, or sends it when Send was stamped.',
  },
  {
    message: 'Update',
    table: Broadcast.logicalName,
    description: 'A broadcast draft changed, or Preview, Send or Delete was stamped; the relay estimates, previews, sends or deletes it.',
    filteringAttributes: [
      Broadcast.columns.OfficialAccountId,
      Broadcast.columns.Kind,
      Broadcast.columns.AudienceKind,
      Broadcast.columns.TagId,
      Broadcast.columns.AudienceViewId,
      Broadcast.columns.AudienceListId,
      Broadcast.columns.ContentType,
      Broadcast.columns.Content,
      Broadcast.columns.SendOn,
      Broadcast.columns.PreviewRequestedOn,
      Broadcast.columns.SendRequestedOn,
      Broadcast.columns.DeleteRequestedOn,
    ],
  },
  // Users (relay/binding/disabled-users.ts): a user disabled loses the bindings of their WeChat. Dataverse raises
  // Update on systemuser when isdisabled changes (Entra ID's sync, the admin center); the hourly sweep catches the rest.
  {
    message: 'Update',
    table: 'systemuser',
    description: "A user was disabled; the relay ends their WeChat's bindings.",
    filteringAttributes: ['isdisabled'],
  },
];

export interface WebhookRegistrationOptions {
  /** Public base URL of the relay, e.g. https://relay.example.com */
  relayUrl: string;
  /** This org's key, as the relay derives it (sent in the x-wxm-webhook-key header). */
  webhookKey: string;
  endpointName?: string;
  /** The steps to register; default WEBHOOK_STEPS. */
  steps?: readonly WebhookStepSpec[];
}

export interface WebhookRegistration {
  serviceEndpointId: string;
  endpointCreated: boolean;
  url: string;
  steps: { name: string; id: string; created: boolean }[];
}

export class WebhookRegistrationError extends Error {
  override readonly name = 'WebhookRegistrationError';
}

/** `{relay}/api/dataverse/webhook`, from a base URL with or without a trailing slash. */
export function webhookUrl(relayUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(relayUrl);
  } catch {
    throw new WebhookRegistrationError(`relay URL "${relayUrl}" is not an absolute URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new WebhookRegistrationError(`relay URL "${relayUrl}" must be http(s)`);
  // The key never travels in a URL: no query (no ?code=), no fragment, no user info.
  if (parsed.search || parsed.hash || parsed.username || parsed.password)
    throw new WebhookRegistrationError('relay URL must not carry a query, fragment or user info');
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}${WEBHOOK_PATH}`;
}

const quote = (value: string) => `'${value.replace(/'/g, "''")}'`;
const escapeXml = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function stepName(step: WebhookStepSpec): string {
  return isPairingStep(step) ? `Wechat Marketing: ${step.message}` : `Wechat Marketing: ${step.message} of ${step.table}`;
}

/** One step per pairing message, carrying every relationship named for it (in the order first seen). */
export function mergedSteps(steps: readonly WebhookStepSpec[]): WebhookStepSpec[] {
  const merged: WebhookStepSpec[] = [];
  for (const step of steps) {
    if (!isPairingStep(step)) {
      // Steps are registered by name (message + table): several Update steps of one table (e.g. the account's sync,
      // quota and removal requests) become one step filtered on all their columns, or the last would replace the others.
      const row = merged.find((m): m is RowStepSpec => !isPairingStep(m) && m.message === step.message && m.table === step.table);
      if (!row) merged.push({ ...step, ...(step.filteringAttributes && { filteringAttributes: [...step.filteringAttributes] }) });
      else {
        if (!row.filteringAttributes || !step.filteringAttributes) delete row.filteringAttributes;
        else for (const a of step.filteringAttributes) if (!row.filteringAttributes.includes(a)) row.filteringAttributes.push(a);
        row.description = `${row.description} ${step.description}`;
      }
      continue;
    }
    const same = merged.find((m): m is PairingStepSpec => m.message === step.message);
    if (!same) merged.push({ ...step, relationships: [...step.relationships] });
    else {
      for (const r of step.relationships) if (!same.relationships.includes(r)) same.relationships.push(r);
      same.description = `${same.description} ${step.description}`;
    }
  }
  return merged;
}

async function single<T>(api: DynamicsWebApi, collection: string, select: string[], filter: string): Promise<T | undefined> {
  const result = await api.retrieveMultiple<T>({ collection, select, filter, top: 2 });
  if (result.value.length > 1) throw new WebhookRegistrationError(`more than one ${collection} row matches ${filter}`);
  return result.value[0];
}

function createdId(response: unknown, idColumn: string): string {
  if (typeof response === 'string') return response;
  const id = (response as Record<string, unknown> | undefined)?.[idColumn];
  if (typeof id !== 'string') throw new WebhookRegistrationError(`Dataverse did not return the ${idColumn} of the new row`);
  return id;
}

async function upsertServiceEndpoint(api: DynamicsWebApi, options: WebhookRegistrationOptions, url: string): Promise<{ id: string; created: boolean }> {
  const data = {
    name: options.endpointName ?? DEFAULT_ENDPOINT_NAME,
    description: 'Hints the Wechat Marketing relay that a row changed; the relay re-reads the row before acting.',
    contract: CONTRACT_WEBHOOK,
    connectionmode: CONNECTION_MODE_NORMAL,
    messageformat: MESSAGE_FORMAT_JSON,
    url,
    authtype: AUTH_HTTP_HEADER,
    authvalue: `<settings><setting name="${WEBHOOK_KEY_HEADER}" value="${escapeXml(options.webhookKey.trim())}" /></settings>`,
  };
  const existing = await single<{ serviceendpointid: string }>(
    api,
    'serviceendpoints',
    ['serviceendpointid'],
    `name eq ${quote(data.name)} and contract eq ${CONTRACT_WEBHOOK}`,
  );
  if (existing) {
    await api.update({ collection: 'serviceendpoints', key: existing.serviceendpointid, data });
    return { id: existing.serviceendpointid, created: false };
  }
  return { id: createdId(await api.create({ collection: 'serviceendpoints', data }), 'serviceendpointid'), created: true };
}

async function tableFilter(api: DynamicsWebApi, step: RowStepSpec, messageId: string): Promise<string> {
  const filter = await single<{ sdkmessagefilterid: string }>(
    api,
    'sdkmessagefilters',
    ['sdkmessagefilterid'],
    `primaryobjecttypecode eq ${quote(step.table)} and _sdkmessageid_value eq ${messageId}`,
  );
  if (!filter) throw new WebhookRegistrationError(`no sdkmessagefilter for ${step.message} of ${step.table}: is the Wechat Marketing solution imported?`);
  return filter.sdkmessagefilterid;
}

async function upsertStep(api: DynamicsWebApi, endpointId: string, step: WebhookStepSpec): Promise<{ name: string; id: string; created: boolean }> {
  const message = await single<{ sdkmessageid: string }>(api, 'sdkmessages', ['sdkmessageid'], `name eq ${quote(step.message)}`);
  if (!message) throw new WebhookRegistrationError(`sdkmessage "${step.message}" not found`);
  const filter = isPairingStep(step) ? undefined : await tableFilter(api, step, message.sdkmessageid);
  const name = stepName(step);
  const data = {
    name,
    description: isPairingStep(step) ? `${step.description} (relationships: ${step.relationships.join(', ')})` : step.description,
    stage: STAGE_POST_OPERATION,
    mode: MODE_ASYNCHRONOUS,
    rank: 1,
    supporteddeployment: 0,
    asyncautodelete: true,
    filteringattributes: !isPairingStep(step) && step.filteringAttributes ? step.filteringAttributes.join(',') : null,
    'sdkmessageid@odata.bind': `/sdkmessages(${message.sdkmessageid})`,
    ...(filter ? { 'sdkmessagefilterid@odata.bind': `/sdkmessagefilters(${filter})` } : {}),
    'eventhandler_serviceendpoint@odata.bind': `/serviceendpoints(${endpointId})`,
  };
  const existing = await single<{ sdkmessageprocessingstepid: string }>(
    api,
    'sdkmessageprocessingsteps',
    ['sdkmessageprocessingstepid'],
    `name eq ${quote(name)} and _eventhandler_value eq ${endpointId}`,
  );
  if (existing) {
    await api.update({ collection: 'sdkmessageprocessingsteps', key: existing.sdkmessageprocessingstepid, data });
    return { name, id: existing.sdkmessageprocessingstepid, created: false };
  }
  return { name, id: createdId(await api.create({ collection: 'sdkmessageprocessingsteps', data }), 'sdkmessageprocessingstepid'), created: true };
}

/** Creates or updates the service endpoint and its steps in the environment `api` talks to. */
export async function registerWebhooks(api: DynamicsWebApi, options: WebhookRegistrationOptions): Promise<WebhookRegistration> {
  if (!options.webhookKey || options.webhookKey.trim() === '') throw new WebhookRegistrationError('a webhook key is required');
  const url = webhookUrl(options.relayUrl);
  const endpoint = await upsertServiceEndpoint(api, options, url);
  const steps = [];
  for (const step of mergedSteps(options.steps ?? WEBHOOK_STEPS)) steps.push(await upsertStep(api, endpoint.id, step));
  return { serviceEndpointId: endpoint.id, endpointCreated: endpoint.created, url, steps };
}
