/**
 * Below the preview: the problems WeChat would refuse the menu for (each selects its button), what WeChat does
 * with menus that the operator must know before publishing (the last tag wins, 3 domains, the default menu's
 * cascade, refresh and quota), and Publish / Import with the row's state and reason.
 */
import * as React from 'react';
import type { MenuProblem } from '../../../../functions/src/relay/menus/menu-rules';
import type { SavedMenu } from '../menu/row';
import { MenuState } from '../../../../solution/generated/schema';
import type { StringKey, Translate } from '../menu/strings';

const STATE_KEYS: Record<number, StringKey> = {
  [MenuState.Draft]: 'State_Draft',
  [MenuState.Published]: 'State_Published',
  [MenuState.Failed]: 'State_Failed',
  [MenuState.Imported]: 'State_Imported',
};

export interface ChecksProps {
  problems: readonly MenuProblem[];
  saved: SavedMenu | undefined;
  domains: readonly string[];
  lang: 'en' | 'zh';
  t: Translate;
  onSelect: (problem: MenuProblem) => void;
}

export function Problems(props: ChecksProps): React.ReactElement {
  const { t } = props;
  return (
    <div className="wxm-md-section" data-testid="menu-problems">
      <div className="wxm-md-section-title">{t('Problems_Title')}</div>
      {props.problems.length === 0 ? (
        <div className="wxm-md-ok">{t('Problems_None')}</div>
      ) : (
        <ul>
          {props.problems.map((p, i) => (
            <li key={i} className="wxm-md-problem">
              <button type="button" onClick={() => props.onSelect(p)}>
                {p.reason[props.lang]}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function Notes(props: ChecksProps): React.ReactElement {
  const { t, saved, domains } = props;
  const notes: string[] = [];
  if (saved?.conditional) {
    notes.push(saved.tagName ? t('Note_Tag', saved.tagName) : t('Note_NoTag'));
    notes.push(t('Note_LastTag'));
    notes.push(domains.length > 0 ? t('Note_Domains', domains.length, domains.join(props.lang === 'zh' ? '、' : ', ')) : t('Note_DomainsNone'));
  }
  notes.push(t('Note_DefaultCascade'), t('Note_Refresh'));
  return (
    <div className="wxm-md-section" data-testid="menu-notes">
      <div className="wxm-md-section-title">{t('Notes_Title')}</div>
      <ul>
        {notes.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
    </div>
  );
}

export interface ActionsProps {
  saved: SavedMenu | undefined;
  recordId: string | undefined;
  dirty: boolean;
  blocked: boolean;
  readOnly: boolean;
  message: string | undefined;
  busy: boolean;
  t: Translate;
  onPublish: () => void;
  onImport: () => void;
}

export function Actions(props: ActionsProps): React.ReactElement {
  const { t, saved } = props;
  const why = !props.recordId ? t('Unsaved_Record') : props.dirty ? t('Publish_SaveFirst') : props.blocked ? t('Publish_FixFirst') : undefined;
  return (
    <div className="wxm-md-section wxm-md-publish" data-testid="menu-actions">
      {props.readOnly ? null : (
        <div className="wxm-md-actions">
          <button type="button" className="wxm-md-primary" data-testid="menu-publish" disabled={why !== undefined || props.busy} onClick={props.onPublish}>
            {t('Publish')}
          </button>
          <button type="button" data-testid="menu-import" disabled={!props.recordId || props.busy} onClick={props.onImport}>
            {t('Import')}
          </button>
        </div>
      )}
      {why ? (
        <div className="wxm-md-hint" data-testid="menu-publish-why">
          {why}
        </div>
      ) : null}
      {props.message ? (
        <div className="wxm-md-hint" data-testid="menu-message">
          {props.message}
        </div>
      ) : null}
      {saved?.state !== undefined ? (
        <div className="wxm-md-state" data-testid="menu-state">
          {t('State', STATE_KEYS[saved.state] ? t(STATE_KEYS[saved.state]) : (saved.stateLabel ?? String(saved.state)))}
          {saved.publishedOn ? ` · ${t('PublishedOn', saved.publishedOn)}` : ''}
        </div>
      ) : null}
      {saved?.failureReason ? (
        <pre className="wxm-md-reason" data-testid="menu-reason">
          {saved.failureReason}
        </pre>
      ) : null}
    </div>
  );
}
