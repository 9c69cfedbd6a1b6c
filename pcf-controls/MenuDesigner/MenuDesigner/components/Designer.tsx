/**
 * The menu designer: the phone preview, the selected button's editor, the problems (checked as the operator types,
 * with the relay's own rules), the notes WeChat's behaviour needs, and Publish / Import. Every edit is given to the
 * form at once (onChange → the bound wxm_definition); Publish asks the relay to publish the row as saved.
 */
import * as React from 'react';
import { checkMenu, parseDefinition, redirectDomains, type MenuProblem } from '../../../../functions/src/relay/menus/menu-rules';
import { addSub, addTop, buttonAt, definitionText, move, remove, update, type MenuButtonDef, type Selection } from '../menu/model';
import { readClickRules, readSavedMenu, requestImport, requestPublish, type SavedMenu, type WebApiLike } from '../menu/row';
import type { Translate } from '../menu/strings';
import { ButtonEditor } from './ButtonEditor';
import { Actions, Notes, Problems } from './Checks';
import { Phone } from './Phone';

export interface DesignerProps {
  initial: string | null;
  recordId: string | undefined;
  languageId: number;
  readOnly: boolean;
  webApi: WebApiLike;
  t: Translate;
  now: () => Date;
  confirm: (message: string) => boolean;
  onChange: (definition: string) => void;
  /** How often the row is read again after Publish or Import, until the relay wrote the outcome. */
  pollMs?: number;
}

const canonical = (text: string): string => {
  const parsed = parseDefinition(text);
  return 'buttons' in parsed ? JSON.stringify(parsed.buttons) : text;
};

export function Designer(props: DesignerProps): React.ReactElement {
  const { t } = props;
  const lang = props.languageId === 2052 ? 'zh' : 'en';
  const [first] = React.useState(() => parseDefinition(props.initial));
  const [buttons, setButtons] = React.useState<MenuButtonDef[]>('buttons' in first ? first.buttons : []);
  const [selected, setSelected] = React.useState<Selection | undefined>(buttons.length > 0 ? { top: 0 } : undefined);
  const [saved, setSaved] = React.useState<SavedMenu | undefined>(undefined);
  const [clickRules, setClickRules] = React.useState<ReadonlyMap<string, string>>(new Map());
  const [message, setMessage] = React.useState<string | undefined>('problem' in first ? t('Definition_Unreadable') : undefined);
  const [busy, setBusy] = React.useState(false);

  const reload = React.useCallback(async (): Promise<SavedMenu | undefined> => {
    if (!props.recordId) return undefined;
    const row = await readSavedMenu(props.webApi, props.recordId);
    setSaved(row);
    return row;
  }, [props.recordId, props.webApi]);

  React.useEffect(() => {
    const load = async () => {
      const row = await reload();
      if (row?.accountId) setClickRules(await readClickRules(props.webApi, row.accountId));
    };
    void load();
  }, [reload, props.webApi]);

  const apply = (next: MenuButtonDef[], at?: Selection) => {
    setButtons(next);
    if (at !== undefined || next.length === 0) setSelected(at);
    props.onChange(definitionText(next));
  };

  const problems = checkMenu(buttons, { conditional: saved?.conditional ?? false, tagId: saved?.conditional ? saved.wechatTagId : undefined });
  const faulty = new Set(
    problems.filter((p) => p.top !== undefined).map((p) => (p.sub === undefined ? String((p.top ?? 1) - 1) : `${(p.top ?? 1) - 1}.${p.sub - 1}`)),
  );
  const dirty = saved !== undefined && canonical(saved.definition) !== definitionText(buttons);

  /** After a request: read the row again until the relay wrote its outcome (state or time changed), or give up. */
  const follow = async (before: SavedMenu | undefined) => {
    for (let i = 0; i < 30; i++) {
      await new Promise((resolve) => setTimeout(resolve, props.pollMs ?? 1500));
      const row = await reload();
      if (
        row &&
        (row.state !== before?.state ||
          row.publishedOn !== before?.publishedOn ||
          row.failureReason !== before?.failureReason ||
          row.definition !== before?.definition)
      ) {
        if (row.definition !== before?.definition) {
          const parsed = parseDefinition(row.definition);
          if ('buttons' in parsed) {
            setButtons(parsed.buttons);
            setSelected(parsed.buttons.length > 0 ? { top: 0 } : undefined);
            props.onChange(definitionText(parsed.buttons));
          }
        }
        setMessage(undefined);
        return;
      }
    }
  };

  const request = async (kind: 'publish' | 'import') => {
    if (!props.recordId) return;
    if (kind === 'import' && !props.confirm(t('Import_Confirm'))) return;
    setBusy(true);
    try {
      const before = saved;
      await (kind === 'publish' ? requestPublish : requestImport)(props.webApi, props.recordId, props.now());
      setMessage(t(kind === 'publish' ? 'Publish_Requested' : 'Import_Requested'));
      await follow(before);
    } catch (err) {
      setMessage(t('Request_Failed', err instanceof Error ? err.message : String(err)));
    } finally {
      setBusy(false);
    }
  };

  const top = selected ? buttons[selected.top] : undefined;
  const selectProblem = (p: MenuProblem) => {
    if (p.top !== undefined) setSelected({ top: p.top - 1, ...(p.sub === undefined ? {} : { sub: p.sub - 1 }) });
  };
  const checks = { problems, saved, domains: redirectDomains(buttons), lang, t, onSelect: selectProblem } as const;
  return (
    <div className="wxm-md" data-testid="menu-designer" lang={lang === 'zh' ? 'zh-CN' : 'en'}>
      <div className="wxm-md-main">
        <Phone
          buttons={buttons}
          selected={selected}
          accountName={saved?.accountName ?? ''}
          readOnly={props.readOnly}
          faulty={faulty}
          t={t}
          onSelect={setSelected}
          onAddTop={() => {
            const r = addTop(buttons, t('New_Button'));
            apply(r.buttons, r.at);
          }}
          onAddSub={(i) => {
            const r = addSub(buttons, i, t('New_Sub'));
            apply(r.buttons, r.at);
          }}
        />
        <ButtonEditor
          button={buttonAt(buttons, selected)}
          at={selected}
          topCount={buttons.length}
          subCount={top?.sub_button?.length ?? 0}
          problems={problems}
          clickRules={clickRules}
          readOnly={props.readOnly}
          lang={lang}
          t={t}
          onChange={(change) => selected && apply(update(buttons, selected, change))}
          onMove={(by) => {
            if (!selected) return;
            const r = move(buttons, selected, by);
            apply(r.buttons, r.at);
          }}
          onDelete={() => {
            if (!selected) return;
            const r = remove(buttons, selected);
            apply(r.buttons, r.at);
          }}
          onAddSub={() => {
            if (!selected) return;
            const r = addSub(buttons, selected.top, t('New_Sub'));
            apply(r.buttons, r.at);
          }}
        />
      </div>
      <Problems {...checks} />
      <Notes {...checks} />
      <Actions
        saved={saved}
        recordId={props.recordId}
        dirty={dirty}
        blocked={problems.length > 0}
        readOnly={props.readOnly}
        message={message}
        busy={busy}
        t={t}
        onPublish={() => void request('publish')}
        onImport={() => void request('import')}
      />
    </div>
  );
}
