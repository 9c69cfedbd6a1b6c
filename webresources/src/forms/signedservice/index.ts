/**
 * Form script of the Signed Service form (wxm_/forms/signedservice.js, global WechatMarketing.SignedService).
 * Handlers bound in solution/src/forms/wxm_signedservice.ts: onLoad (form OnLoad), onSave (form OnSave),
 * onAgreementChange (wxm_agreementaccepted OnChange), onCloudChange (wxm_cloud OnChange).
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/events-forms-grids
 */
import { SignedService } from '@wxm/solution/schema';
import { userLanguage } from '../../shared/language.js';
import { findXrm, type Xrm, type XrmExecutionContext, type XrmFormContext } from '../../shared/xrm.js';
import { translator, type Language, type Translate } from '../../strings/index.js';
import { onAgreementChanged, type AgreementState } from './agreement.js';
import { prefillEnvironment, showGuidance } from './guidance.js';
import { liveReader, waitForNewStatus, type ReadLive } from './live.js';
import { originalLabels, showSecretsHeld, type SecretLabels } from './secrets.js';
import { liveStatus, rowStatus, showChecking, showStatus, type StatusView } from './status.js';

interface FormState {
  xrm: Xrm;
  form: XrmFormContext;
  language: Language;
  t: Translate;
  labels: SecretLabels;
  agreement: AgreementState;
  read: Promise<ReadLive | undefined> | undefined;
  lastLiveUpdatedAt: string | undefined;
  awaitingRelay: boolean;
}

/** Libraries stay loaded while the user moves between records, so each OnLoad starts a fresh state. */
let current: FormState | undefined;

function xrmOrThrow(): Xrm {
  const xrm = findXrm(window);
  if (!xrm) throw new Error('Wechat Marketing: Xrm is not available to the Signed Service form script');
  return xrm;
}

function savedAgreement(form: XrmFormContext): boolean | null {
  return form.getAttribute<boolean>(SignedService.columns.AgreementAccepted)?.getValue() ?? null;
}

function render(state: FormState, view: StatusView | undefined): void {
  if (current !== state) return;
  state.agreement.state = view?.state;
  const connected = view?.state === 'connected';
  showStatus(state.form, state.t, view);
  showGuidance(state.form, state.t, !connected);
  showSecretsHeld(state.form, state.t, state.labels, connected);
}

async function refresh(state: FormState): Promise<void> {
  if (state.form.ui.getFormType() === 1) return;
  state.read ??= liveReader(state.xrm, state.form, (input, init) => fetch(input, init));
  const read = await state.read;
  if (!read) return;
  if (state.awaitingRelay) {
    state.awaitingRelay = false;
    showChecking(state.form, state.t);
    const fresh = await waitForNewStatus(read, state.lastLiveUpdatedAt, (ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const view = fresh ? liveStatus(fresh, state.language) : rowStatus(state.form, state.language);
    if (fresh) state.lastLiveUpdatedAt = fresh.updatedAt;
    render(state, view);
    return;
  }
  const live = await read();
  if (!live) return;
  state.lastLiveUpdatedAt = live.updatedAt;
  render(state, liveStatus(live, state.language));
}

export function onLoad(context: XrmExecutionContext): Promise<void> {
  const xrm = xrmOrThrow();
  const form = context.getFormContext();
  const language = userLanguage(xrm);
  const state: FormState = {
    xrm,
    form,
    language,
    t: translator(language),
    labels: originalLabels(form),
    agreement: { saved: savedAgreement(form), state: undefined },
    read: undefined,
    lastLiveUpdatedAt: undefined,
    awaitingRelay: false,
  };
  current = state;
  if (form.ui.getFormType() === 1) prefillEnvironment(form, xrm.Utility.getGlobalContext().getClientUrl());
  render(state, rowStatus(form, language));
  // Runs again after each save or refresh: the row now holds what was saved, and the relay is at work.
  form.data.addOnLoad?.(() => {
    if (current !== state) return;
    state.agreement.saved = savedAgreement(form);
    state.read = undefined;
    render(state, rowStatus(form, language));
    void refresh(state);
  });
  return refresh(state);
}

export function onSave(): void {
  if (current) current.awaitingRelay = true;
}

export function onAgreementChange(context: XrmExecutionContext): Promise<void> {
  const state = current;
  if (!state) return Promise.resolve();
  return onAgreementChanged(state.xrm, context.getFormContext(), state.t, state.agreement);
}

export function onCloudChange(context: XrmExecutionContext): void {
  const state = current;
  if (!state) return;
  showGuidance(context.getFormContext(), state.t, state.agreement.state !== 'connected');
}
