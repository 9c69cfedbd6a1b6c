/**
 * Checks a form's scripts: every library is a JavaScript web resource of webresources/manifest.json (when
 * pack knows them), every handler calls a library the form loads by a plain dotted global name, and an
 * OnChange handler watches a column that is on the form (Dataverse fires OnChange only for those).
 */
import type { FormDef, TableDef } from '../src/dsl/types.js';
import type { Problem } from './errors.js';

const FUNCTION_NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;

function formColumns(form: FormDef): Set<string> {
  const columns = new Set(form.header ?? []);
  for (const tab of form.tabs) {
    for (const section of tab.sections) {
      for (const cell of section.cells) {
        if (typeof cell === 'string') columns.add(cell);
        else if ('column' in cell) columns.add(cell.column);
      }
    }
  }
  return columns;
}

export function checkFormScripts(file: string, table: TableDef, form: FormDef, webResources: ReadonlySet<string> | undefined): Problem[] {
  const problems: Problem[] = [];
  const at = (element: string, message: string) => problems.push({ file, element: `form ${form.id} > ${element}`, message });
  const libraries = form.libraries ?? [];
  const seen = new Set<string>();
  for (const library of libraries) {
    if (seen.has(library)) at(`library ${library}`, 'listed twice');
    seen.add(library);
    if (!library.endsWith('.js')) at(`library ${library}`, 'a form library must be a .js web resource');
    if (webResources && !webResources.has(library)) at(`library ${library}`, `web resource "${library}" is not in webresources/manifest.json`);
  }
  const onForm = formColumns(form);
  for (const event of form.events ?? []) {
    const where = event.event === 'onchange' ? `${event.event} ${event.column}` : event.event;
    if (event.event === 'onchange' && !onForm.has(event.column)) {
      at(where, `column "${event.column}" is not on the form, so its OnChange never fires (table ${table.schemaName.toLowerCase()})`);
    }
    if (event.handlers.length === 0) at(where, 'an event needs at least one handler');
    for (const handler of event.handlers) {
      if (!seen.has(handler.library)) at(`${where} > ${handler.functionName}`, `library "${handler.library}" is not in the form's libraries`);
      if (!FUNCTION_NAME.test(handler.functionName)) at(`${where} > ${handler.functionName}`, 'function name must be a dotted JavaScript name');
    }
  }
  return problems;
}
