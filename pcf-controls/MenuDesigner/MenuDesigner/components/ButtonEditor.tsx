/**
 * The selected button's fields: its name (bytes counted as the operator types: 16 on top, 60 on a sub-button), what
 * it does (every type WeChat's API offers) and the fields that type needs, each with its own limit; for a click
 * button, which auto-reply rule answers its key. Moving, deleting and adding a sub-button.
 */
import * as React from 'react';
import { BUTTON_TYPES, byteLength, MENU_LIMITS, type MenuProblem } from '../../../../functions/src/relay/menus/menu-rules';
import { hasSubMenu, type LeafField, type MenuButtonDef, type Selection } from '../menu/model';
import type { StringKey, Translate } from '../menu/strings';

export interface ButtonEditorProps {
  button: MenuButtonDef | undefined;
  at: Selection | undefined;
  topCount: number;
  subCount: number;
  problems: readonly MenuProblem[];
  clickRules: ReadonlyMap<string, string>;
  readOnly: boolean;
  lang: 'en' | 'zh';
  t: Translate;
  onChange: (change: Partial<MenuButtonDef>) => void;
  onMove: (by: -1 | 1) => void;
  onDelete: () => void;
  onAddSub: () => void;
}

const LIMIT: Partial<Record<LeafField | 'name', number>> = { key: MENU_LIMITS.keyBytes, url: MENU_LIMITS.urlBytes };

function Counter(props: { text: string; limit: number; t: Translate; testId: string }): React.ReactElement {
  const bytes = byteLength(props.text);
  return (
    <span className={`wxm-md-bytes${bytes > props.limit ? ' is-over' : ''}`} data-testid={props.testId}>
      {props.t('Bytes', bytes, props.limit)}
    </span>
  );
}

export function ButtonEditor(props: ButtonEditorProps): React.ReactElement {
  const { button, at, t } = props;
  if (!button || !at) return <div className="wxm-md-editor wxm-md-muted">{t('Editor_None')}</div>;
  const isSub = at.sub !== undefined;
  const parent = !isSub && hasSubMenu(button);
  const info = BUTTON_TYPES.find((x) => x.type === button.type);
  const mine = props.problems.filter((p) => p.top === at.top + 1 && p.sub === (isSub ? (at.sub ?? 0) + 1 : undefined));
  const faulty = (field: string) => mine.some((p) => p.field === field);
  const nameLimit = isSub ? MENU_LIMITS.subNameBytes : MENU_LIMITS.topNameBytes;
  const field = (f: LeafField) => {
    const value = button[f] ?? '';
    const labelKey = (f === 'url' && button.type === 'miniprogram' ? 'Field_url_Miniprogram' : `Field_${f}`) as StringKey;
    const limit = LIMIT[f];
    return (
      <label key={f} className="wxm-md-field">
        <span className="wxm-md-label">
          {t(labelKey)}
          {limit ? <Counter text={value} limit={limit} t={t} testId={`menu-bytes-${f}`} /> : null}
        </span>
        <input
          className={faulty(f) ? 'is-faulty' : ''}
          data-testid={`menu-field-${f}`}
          value={value}
          readOnly={props.readOnly}
          // A click key is offered from the account's Menu click rules (the relay answers a click with its rule).
          list={f === 'key' && button.type === 'click' ? 'wxm-md-click-keys' : undefined}
          onChange={(e) => props.onChange({ [f]: e.target.value })}
        />
        {f === 'key' && button.type === 'click' ? (
          <datalist id="wxm-md-click-keys" data-testid="menu-click-keys">
            {[...props.clickRules].map(([key, rule]) => (
              <option key={key} value={key} label={rule} />
            ))}
          </datalist>
        ) : null}
        {f === 'key' && button.type === 'click' && value.trim() !== '' ? (
          <span className="wxm-md-hint" data-testid="menu-click-rule">
            {props.clickRules.has(value.trim()) ? t('Click_AnsweredBy', props.clickRules.get(value.trim()) ?? '') : t('Click_NoRule', value.trim())}
          </span>
        ) : null}
      </label>
    );
  };
  const count = isSub ? props.subCount : props.topCount;
  const index = isSub ? (at.sub ?? 0) : at.top;
  return (
    <div className="wxm-md-editor" data-testid="menu-editor">
      <div className="wxm-md-editor-title">{isSub ? t('Editor_Title_Sub', at.top + 1, index + 1) : t('Editor_Title_Top', at.top + 1)}</div>
      <label className="wxm-md-field">
        <span className="wxm-md-label">
          {t('Field_Name')}
          <Counter text={button.name} limit={nameLimit} t={t} testId="menu-bytes-name" />
        </span>
        <input
          className={faulty('name') ? 'is-faulty' : ''}
          data-testid="menu-field-name"
          value={button.name}
          readOnly={props.readOnly}
          onChange={(e) => props.onChange({ name: e.target.value })}
        />
      </label>
      {parent ? (
        <div className="wxm-md-hint">{t('SubMenu_Note')}</div>
      ) : (
        <>
          <label className="wxm-md-field">
            <span className="wxm-md-label">{t('Field_Type')}</span>
            <select
              className={faulty('type') ? 'is-faulty' : ''}
              data-testid="menu-field-type"
              value={info ? button.type : ''}
              disabled={props.readOnly}
              onChange={(e) => props.onChange({ type: e.target.value })}
            >
              {info ? null : <option value="">{button.type ?? ''}</option>}
              {BUTTON_TYPES.map((x) => (
                <option key={x.type} value={x.type}>
                  {x.label[props.lang]}
                </option>
              ))}
            </select>
          </label>
          {(info?.fields ?? []).map(field)}
        </>
      )}
      {props.readOnly ? null : (
        <div className="wxm-md-actions">
          <button type="button" disabled={index === 0} onClick={() => props.onMove(-1)}>
            {t(isSub ? 'Move_Up' : 'Move_Left')}
          </button>
          <button type="button" disabled={index >= count - 1} onClick={() => props.onMove(1)}>
            {t(isSub ? 'Move_Down' : 'Move_Right')}
          </button>
          {!isSub && props.subCount < MENU_LIMITS.subButtons ? (
            <button type="button" data-testid="menu-editor-add-sub" onClick={props.onAddSub}>
              {t('Add_Sub')}
            </button>
          ) : null}
          <button type="button" className="wxm-md-danger" data-testid="menu-delete" onClick={props.onDelete}>
            {t('Delete')}
          </button>
        </div>
      )}
    </div>
  );
}
