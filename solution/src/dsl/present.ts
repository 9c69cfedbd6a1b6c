/**
 * Shared files (roles, sitemap) name the tables of issue 10 before every table file exists: each engineer adds a
 * table file under solution/src/tables/ in their own time. `present` keeps the entries whose table file is there,
 * so the solution validates and packs at every commit; once every table exists it keeps everything. The result
 * depends only on the files in the tree, so generation and packing stay deterministic.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TABLES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../tables');

/** Whether solution/src/tables/<logicalName>.ts exists. */
export function tableExists(logicalName: string): boolean {
  return existsSync(path.join(TABLES, `${logicalName}.ts`));
}

/** The items whose table (by `tableOf`, a logical name) has its file; items without a table are kept. */
export function present<T>(items: T[], tableOf: (item: T) => string | undefined): T[] {
  return items.filter((item) => {
    const table = tableOf(item);
    return table === undefined || tableExists(table);
  });
}

/** Whether solution/src/dashboards/<id>.ts exists (a sitemap entry for it waits for the file). */
export function dashboardExists(id: string): boolean {
  return existsSync(path.join(TABLES, '../dashboards', `${id}.ts`));
}
