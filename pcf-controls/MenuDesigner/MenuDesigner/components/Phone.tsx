/**
 * The phone-shaped preview, drawn as WeChat draws a menu: the bar at the bottom of the chat (the keyboard switch,
 * then up to 3 buttons of equal width, a sub-menu marked ≡), and the selected button's sub-menu stacked above it.
 * Clicking selects what to edit; "+" slots add a button (up to 3) or a sub-button (up to 5).
 */
import * as React from 'react';
import { MENU_LIMITS } from '../../../../functions/src/relay/menus/menu-rules';
import { hasSubMenu, type MenuButtonDef, type Selection } from '../menu/model';
import type { Translate } from '../menu/strings';

export interface PhoneProps {
  buttons: readonly MenuButtonDef[];
  selected: Selection | undefined;
  accountName: string;
  readOnly: boolean;
  /** Buttons with a problem, as "top" or "top.sub" (0-based), drawn in red. */
  faulty: ReadonlySet<string>;
  t: Translate;
  onSelect: (at: Selection) => void;
  onAddTop: () => void;
  onAddSub: (top: number) => void;
}

export function Phone(props: PhoneProps): React.ReactElement {
  const { buttons, selected, t } = props;
  const open = selected === undefined ? undefined : buttons[selected.top];
  const subs = open && hasSubMenu(open) ? (open.sub_button ?? []) : [];
  const showSubs = open !== undefined && (subs.length > 0 || (!props.readOnly && selected?.sub !== undefined));
  const width = 100 / (buttons.length + (props.readOnly || buttons.length >= MENU_LIMITS.topButtons ? 0 : 1));
  return (
    <div className="wxm-md-phone" data-testid="menu-phone" aria-label={t('Preview_Title')}>
      <div className="wxm-md-phone-status">9:41</div>
      <div className="wxm-md-phone-title">{props.accountName}</div>
      <div className="wxm-md-phone-chat">{buttons.length === 0 ? <div className="wxm-md-phone-empty">{t('Preview_Empty')}</div> : null}</div>
      {showSubs && selected ? (
        <div
          className="wxm-md-submenu"
          data-testid="menu-submenu"
          style={{ left: `calc(44px + (100% - 44px) * ${(selected.top * width) / 100})`, width: `calc((100% - 44px) * ${width / 100})` }}
        >
          {subs.map((s, j) => (
            <button
              key={j}
              type="button"
              className={`wxm-md-subitem${selected.sub === j ? ' is-selected' : ''}${props.faulty.has(`${selected.top}.${j}`) ? ' is-faulty' : ''}`}
              onClick={() => props.onSelect({ top: selected.top, sub: j })}
            >
              {s.name || '\u00a0'}
            </button>
          ))}
          {!props.readOnly && subs.length < MENU_LIMITS.subButtons ? (
            <button type="button" className="wxm-md-subitem wxm-md-add" data-testid="menu-add-sub" onClick={() => props.onAddSub(selected.top)}>
              {t('Add_Sub')}
            </button>
          ) : null}
        </div>
      ) : null}
      <div className="wxm-md-bar">
        <div className="wxm-md-keyboard" aria-hidden="true">
          ⌨
        </div>
        {buttons.map((b, i) => (
          <button
            key={i}
            type="button"
            style={{ width: `calc((100% - 44px) * ${width / 100})` }}
            className={`wxm-md-top${selected?.top === i ? ' is-selected' : ''}${props.faulty.has(String(i)) ? ' is-faulty' : ''}`}
            data-testid={`menu-top-${i + 1}`}
            onClick={() => props.onSelect({ top: i })}
          >
            {hasSubMenu(b) ? <span className="wxm-md-lines">≡ </span> : null}
            {b.name || '\u00a0'}
          </button>
        ))}
        {!props.readOnly && buttons.length < MENU_LIMITS.topButtons ? (
          <button
            type="button"
            style={{ width: `calc((100% - 44px) * ${width / 100})` }}
            className="wxm-md-top wxm-md-add"
            data-testid="menu-add-top"
            onClick={props.onAddTop}
          >
            {t('Add_Top')}
          </button>
        ) : null}
      </div>
    </div>
  );
}
