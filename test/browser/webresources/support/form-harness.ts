/**
 * Node side of the form harness: the handlers the packed FormXml binds, a form spec built from a Dataverse row
 * as the form would show it (choice labels and control labels in the user's language, dates as dates), and
 * opening /form.html with a fake Xrm around it.
 */
import type { Page } from 'playwright-core';
import { schema } from '@wxm/solution/schema';
import { packRepository } from '../../../../scripts/pack/pack.js';
import { parseXml } from '../../../../scripts/pack/test-support.js';
import type { AttributeSpec, FormSpec, Recorded, XrmSpec } from '../../../../webresources/harness/spec.js';

export type Lcid = 1033 | 2052;

const asArray = <T>(value: T | T[] | undefined): T[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** onload / onsave / onchange handlers of a table's main form, read back from the packed customizations.xml. */
export async function packedFormEvents(table: string): Promise<FormSpec['events']> {
  const xml = parseXml((await packRepository()).customizationsXml).ImportExportXml;
  const entity = xml.Entities.Entity.find((e: any) => e.EntityInfo.entity['@Name'].toLowerCase() === table);
  const form = entity.FormXml.forms.find((f: any) => f['@type'] === 'main').systemform[0].form;
  return asArray<any>(form.events?.event).map((e) => ({
    event: e['@name'],
    ...(e['@attribute'] && { column: e['@attribute'] }),
    functionNames: asArray<any>(e.Handlers.Handler).map((h) => h['@functionName']),
  }));
}

/** The row's columns as form attributes; `labels` are the controls' labels (every column of the table). */
export function attributesOf(table: string, row: Record<string, unknown>, lcid: Lcid): Pick<FormSpec, 'attributes' | 'labels'> {
  const model = schema.tables[table];
  if (!model) throw new Error(`no table ${table}`);
  const attributes: Record<string, AttributeSpec> = {};
  const labels: Record<string, string> = {};
  for (const column of Object.values(model.columns)) {
    if (column.system || !column.labels) continue;
    labels[column.logicalName] = column.labels[lcid];
    const value = row[column.logicalName] ?? null;
    const spec: AttributeSpec = { value };
    if (column.type === 'datetime') spec.date = true;
    if (column.type === 'picklist' && column.optionSet && typeof value === 'number') {
      const option = schema.optionSets[column.optionSet]?.options.find((o) => o.value === value);
      if (option) spec.text = option.labels[lcid];
    }
    attributes[column.logicalName] = spec;
  }
  return { attributes, labels };
}

export async function openForm(page: Page, harnessUrl: string, library: string, xrm: XrmSpec, form: FormSpec): Promise<void> {
  await page.goto(`${harnessUrl}/form.html?library=${encodeURIComponent(library)}`);
  await page.evaluate(
    ([x, f]) => {
      const h = (globalThis as unknown as { __harness: { installXrm(x: unknown): void; openForm(f: unknown): Promise<void> } }).__harness;
      h.installXrm(x);
      return h.openForm(f);
    },
    [xrm, form] as const,
  );
}

export function formState(page: Page): Promise<Recorded> {
  return page.evaluate(() => (globalThis as unknown as { __harness: { state(): Recorded } }).__harness.state());
}

/** Starts a change without waiting: its handler may open a dialog that the test answers by clicking. */
export async function startChange(page: Page, column: string, value: unknown): Promise<void> {
  await page.evaluate(
    ([c, v]) => {
      const w = globalThis as unknown as { __harness: { change(c: string, v: unknown): Promise<void> }; __pending?: Promise<void> };
      w.__pending = w.__harness.change(c, v);
    },
    [column, value] as const,
  );
}

export function changeSettled(page: Page): Promise<void> {
  return page.evaluate(() => (globalThis as unknown as { __pending?: Promise<void> }).__pending);
}

export async function save(page: Page, row: Record<string, AttributeSpec>): Promise<void> {
  await page.evaluate((r) => (globalThis as unknown as { __harness: { save(r: unknown): Promise<void> } }).__harness.save(r), row);
}
