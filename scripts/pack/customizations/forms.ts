/**
 * `<forms type="main|quickCreate"><systemform>` with tabs, sections and one cell per row, a header,
 * sub-grids for related rows, PCF controls bound to a column when a cell asks for one, and form scripts
 * (libraries and OnLoad/OnSave/OnChange handlers).
 * Control class ids are the platform's standard ones (e.g. text 4273EDBD-…, lookup 270BD3DB-…).
 */
import type { ColumnDef, FormCellDef, FormDef, TableDef } from '../../../solution/src/dsl/types.js';
import { systemColumns } from '../../../solution/tooling/system-columns.js';
import { guid } from '../uuid.js';
import { el, leaf, type XmlElement } from '../xml.js';
import { INTRODUCED_VERSION, labels } from './labels.js';

const CLASS_IDS = {
  text: '{4273EDBD-AC1D-40d3-9FB2-095C621B552D}',
  url: '{71716B6C-711E-476c-8AB8-5D11542BFB47}',
  email: '{ADA2203E-B4CD-49BE-9DDF-234642B43B52}',
  memo: '{E0DECE4B-6FC8-4a8f-A065-082708572369}',
  choice: '{3EF39988-22BB-4f0b-BBBE-64B5A3748AEE}',
  bool: '{B0C6723A-8503-4fd7-BB28-C8A06AC933C2}',
  datetime: '{5B773807-9FB2-42DB-97C3-7A91EFF8ADFF}',
  int: '{C6D124CA-7EDA-4a60-AEA9-7FB8D318B68F}',
  decimal: '{C3EFE0C3-0EC6-42be-8349-CBD9079DFD8E}',
  lookup: '{270BD3DB-D9AF-4782-9025-509E298DEC0A}',
  subgrid: '{E7A81278-8635-4d9e-8D4D-59480B391C5B}',
} as const;

/** What the form emitter needs beyond the table: built PCF controls and their bound property names. */
export interface FormContext {
  /** `wxm_<ns>.<ctor>` → name of the control's bound property (from its ControlManifest.xml). */
  customControls: ReadonlyMap<string, { boundProperty: string }>;
}

function classIdOf(column: ColumnDef): string {
  if (column.kind === 'text') return column.format === 'url' ? CLASS_IDS.url : column.format === 'email' ? CLASS_IDS.email : CLASS_IDS.text;
  return CLASS_IDS[column.kind];
}

function columnLabel(table: TableDef, name: string): { label: ColumnDef['displayName']; classId: string } {
  const own = [table.primaryName, ...table.columns].find((c) => c.schemaName.toLowerCase() === name);
  if (own) return { label: own.displayName, classId: classIdOf(own) };
  const system = systemColumns(table).find((c) => c.logicalName === name);
  if (!system) throw new Error(`unknown column ${name}`);
  const classId =
    system.xmlType === 'datetime'
      ? CLASS_IDS.datetime
      : system.xmlType === 'int'
        ? CLASS_IDS.int
        : system.xmlType === 'state' || system.xmlType === 'status'
          ? CLASS_IDS.choice
          : CLASS_IDS.lookup;
  return { label: system.displayName, classId };
}

interface Built {
  cell: XmlElement;
  description?: XmlElement;
}

function columnCell(table: TableDef, form: FormDef, cell: Exclude<FormCellDef, { subgrid: unknown }>, context: FormContext, idPrefix: string): Built {
  const spec = typeof cell === 'string' ? { column: cell } : cell;
  const { label, classId } = columnLabel(table, spec.column);
  const key = `${table.schemaName}/${form.id}/${idPrefix}${spec.column}`;
  const uniqueId = guid('control', key);
  const control = el('control', {
    id: `${idPrefix}${spec.column}`,
    classid: classId,
    datafieldname: spec.column,
    disabled: spec.readOnly ? 'true' : 'false',
    uniqueid: spec.customControl ? uniqueId : undefined,
  });
  const built: Built = {
    cell: el('cell', { id: guid('cell', key), rowspan: spec.rowSpan }, labels('labels', 'label', label), control),
  };
  if (spec.customControl) {
    const bound = context.customControls.get(spec.customControl);
    if (!bound) throw new Error(`custom control ${spec.customControl} is not built`);
    // The platform control stays as the fallback; the PCF control is used on web, phone and tablet.
    built.description = el(
      'controlDescription',
      { forControl: uniqueId },
      el('customControl', { id: classId }, el('parameters', {}, leaf('datafieldname', spec.column))),
      [0, 1, 2].map((formFactor) =>
        el('customControl', { name: spec.customControl, formFactor }, el('parameters', {}, leaf(bound.boundProperty, spec.column))),
      ),
    );
  }
  return built;
}

function subgridCell(table: TableDef, form: FormDef, cell: Extract<FormCellDef, { subgrid: unknown }>): XmlElement {
  const { subgrid } = cell;
  const viewId = guid('view', subgrid.view);
  return el(
    'cell',
    { id: guid('cell', `${table.schemaName}/${form.id}/subgrid/${subgrid.id}`), colspan: 1, rowspan: subgrid.rows ?? 8, showlabel: 'true', auto: 'false' },
    labels('labels', 'label', subgrid.label),
    el(
      'control',
      { id: `subgrid_${subgrid.id}`, classid: CLASS_IDS.subgrid, indicationOfSubgrid: 'true' },
      el(
        'parameters',
        {},
        leaf('ViewId', viewId),
        leaf('IsUserView', 'false'),
        leaf('RelationshipName', subgrid.relationship),
        leaf('TargetEntityType', subgrid.table),
        leaf('AutoExpand', 'Fixed'),
        leaf('EnableQuickFind', 'false'),
        leaf('EnableViewPicker', 'false'),
        leaf('ViewIds', viewId),
        leaf('EnableJumpBar', 'false'),
        leaf('ChartGridMode', 'Grid'),
        leaf('RecordsPerPage', subgrid.rows ?? 8),
      ),
    ),
  );
}

function formXml(table: TableDef, form: FormDef, context: FormContext): XmlElement {
  const descriptions: XmlElement[] = [];
  const tabs = form.tabs.map((tab) =>
    el(
      'tab',
      {
        name: tab.id,
        id: guid('tab', `${table.schemaName}/${form.id}/${tab.id}`),
        IsUserDefined: '0',
        verticallayout: 'true',
        showlabel: 'true',
        expanded: 'true',
      },
      labels('labels', 'label', tab.label),
      el(
        'columns',
        {},
        el(
          'column',
          { width: '100%' },
          el(
            'sections',
            {},
            tab.sections.map((section) =>
              el(
                'section',
                {
                  name: section.id,
                  showlabel: 'true',
                  showbar: 'false',
                  id: guid('section', `${table.schemaName}/${form.id}/${tab.id}/${section.id}`),
                  IsUserDefined: '0',
                },
                labels('labels', 'label', section.label),
                el(
                  'rows',
                  {},
                  section.cells.map((cell) => {
                    if (typeof cell === 'object' && 'subgrid' in cell) return el('row', {}, subgridCell(table, form, cell));
                    const built = columnCell(table, form, cell, context, '');
                    if (built.description) descriptions.push(built.description);
                    return el('row', {}, built.cell);
                  }),
                ),
              ),
            ),
          ),
        ),
      ),
    ),
  );
  const header = form.header
    ? el(
        'header',
        {
          id: guid('header', `${table.schemaName}/${form.id}`),
          celllabelposition: 'Top',
          columns: '1'.repeat(form.header.length),
          labelwidth: 115,
          celllabelalignment: 'Left',
        },
        el(
          'rows',
          {},
          el(
            'row',
            {},
            form.header.map((column) => columnCell(table, form, column, context, 'header_').cell),
          ),
        ),
      )
    : undefined;
  return el(
    'form',
    { headerdensity: 'HighWithControls' },
    el('tabs', {}, tabs),
    header,
    ...formScriptsXml(table, form),
    descriptions.length > 0 ? el('controlDescriptions', {}, descriptions) : undefined,
    el('DisplayConditions', { Order: 0, FallbackForm: 'true' }, el('Everyone')),
  );
}

/**
 * `<events>` and `<formLibraries>` as real exports write them: handlers name their library and get the
 * execution context; `active="false"` is what exports carry on customer-added events (the handler's
 * `enabled` is what switches it on). An empty `<formLibraries>` is refused on import, so none is written.
 */
function formScriptsXml(table: TableDef, form: FormDef): XmlElement[] {
  const at = `${table.schemaName}/${form.id}`;
  const events = (form.events ?? []).map((event) => {
    const column = event.event === 'onchange' ? event.column : undefined;
    return el(
      'event',
      { name: event.event, application: 'false', active: 'false', attribute: column },
      el(
        'Handlers',
        {},
        event.handlers.map((h) =>
          el('Handler', {
            functionName: h.functionName,
            libraryName: h.library,
            handlerUniqueId: guid('formhandler', `${at}/${event.event}/${column ?? ''}/${h.library}/${h.functionName}`),
            enabled: 'true',
            parameters: '',
            passExecutionContext: 'true',
          }),
        ),
      ),
    );
  });
  const libraries = (form.libraries ?? []).map((name) => el('Library', { name, libraryUniqueId: guid('formlibrary', `${at}/${name}`) }));
  return [...(events.length > 0 ? [el('events', {}, events)] : []), ...(libraries.length > 0 ? [el('formLibraries', {}, libraries)] : [])];
}

/** One `<forms>` element per form type, each with its `<systemform>`s. */
export function formsXml(table: TableDef, forms: FormDef[], context: FormContext): XmlElement[] {
  const types = [...new Set(forms.map((f) => f.type))];
  return types.map((type) =>
    el(
      'forms',
      { type },
      forms
        .filter((f) => f.type === type)
        .map((form) =>
          el(
            'systemform',
            {},
            leaf('formid', guid('form', form.id)),
            leaf('IntroducedVersion', INTRODUCED_VERSION),
            leaf('FormPresentation', 1),
            leaf('FormActivationState', 1),
            formXml(table, form, context),
            leaf('IsCustomizable', true),
            leaf('CanBeDeleted', true),
            labels('LocalizedNames', 'LocalizedName', form.name),
            labels('Descriptions', 'Description', form.description),
          ),
        ),
    ),
  );
}
