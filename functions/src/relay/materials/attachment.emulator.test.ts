/**
 * Reading the file to upload from the Dataverse emulator through the real gateway: a note's attachment by id, the
 * newest note of a row (or the one named, only if it is on that row), and a file column downloaded as the Web API
 * serves it (in ranges, past one 4 MB chunk), with the names Dataverse keeps.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EntitySets, Material, OfficialAccount } from '@wxm/solution/schema';
import type { SchemaModel } from '../../../../solution/src/model.js';
import { credentialsFor, Emulators, gatewayFor } from '@wxm/testkit/kit/dataverse/org-under-test';
import { bindingTestSchema } from '@wxm/testkit/kit/relay/binding-world';
import type { DataverseEmulator } from '../../../../test/emulators/dataverse/index.js';
import type { DataverseOrg } from '../../dataverse/types.js';
import { noteOfRow, readAttachment } from './attachment.js';
import { png } from './test-files.js';

const emulators = new Emulators();
let dv: DataverseEmulator;
let org: DataverseOrg;
let materialId: string;
let accountId: string;

// A file column on the material table, as a customer's own table would have one.
const material = bindingTestSchema.tables[Material.logicalName]!;
const schema: SchemaModel = {
  ...bindingTestSchema,
  tables: {
    ...bindingTestSchema.tables,
    [Material.logicalName]: {
      ...material,
      columns: { ...material.columns, wxm_file: { logicalName: 'wxm_file', schemaName: 'wxm_File', type: 'file', required: 'none' } },
    },
  },
};

beforeAll(async () => {
  dv = await emulators.start({ schema });
  org = gatewayFor(dv).open(credentialsFor(dv));
  accountId = dv.insert(EntitySets.OfficialAccount, { [OfficialAccount.columns.Name]: 'Demo' });
  materialId = dv.insert(EntitySets.Material, {
    [Material.columns.Name]: 'Banner',
    'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${accountId})`,
  });
});
afterAll(() => emulators.closeAll());

const note = (rowId: string, filename: string, bytes: Uint8Array) =>
  dv.insert('annotations', {
    filename,
    mimetype: 'image/png',
    documentbody: Buffer.from(bytes).toString('base64'),
    [`objectid_${Material.logicalName}@odata.bind`]: `/${EntitySets.Material}(${rowId})`,
  });

describe('readAttachment', () => {
  it('a note by id: its bytes, file name and type; a note without a file: nothing', async () => {
    const bytes = png(64);
    const id = note(materialId, 'Spring banner.png', bytes);
    expect(await readAttachment(org, { annotationId: id })).toEqual({ name: 'Spring banner.png', bytes, contentType: 'image/png' });
    const empty = dv.insert('annotations', { subject: 'just text', [`objectid_${Material.logicalName}@odata.bind`]: `/${EntitySets.Material}(${materialId})` });
    expect(await readAttachment(org, { annotationId: empty })).toBeUndefined();
  });

  it('a file column past one 4 MB chunk, with the name Dataverse keeps; an empty column: nothing', async () => {
    const data = Buffer.alloc(4 * 1024 * 1024 + 123, 9);
    data.set(png(8));
    const other = dv.insert(EntitySets.Material, {
      [Material.columns.Name]: 'Empty',
      'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${accountId})`,
    });
    expect(await readAttachment(org, { table: EntitySets.Material, id: other, column: 'wxm_file' })).toBeUndefined();
    // One PATCH with the whole file, as the Web API takes files up to 128 MB (the chunked upload is the emulator's own test).
    const put = await fetch(`${dv.serviceRoot}${EntitySets.Material}(${materialId})/wxm_file?x-ms-file-name=poster.png`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${dv.issueToken()}`, 'Content-Type': 'application/octet-stream', 'OData-Version': '4.0' },
      body: data,
    });
    expect(put.status).toBe(204);
    const file = await readAttachment(org, { table: EntitySets.Material, id: materialId, column: 'wxm_File' });
    expect(file?.name).toBe('poster.png');
    expect(Buffer.compare(Buffer.from(file!.bytes), data)).toBe(0);
    await expect(readAttachment(org, { table: 'contacts;drop', id: materialId, column: 'x' })).rejects.toThrow('Dataverse names');
  });

  it("a row's newest note with a file, or the one named only when it is on that row", async () => {
    const row = dv.insert(EntitySets.Material, {
      [Material.columns.Name]: 'Row',
      'wxm_OfficialAccountId@odata.bind': `/${EntitySets.OfficialAccount}(${accountId})`,
    });
    expect(await noteOfRow(org, row)).toBeUndefined();
    const older = note(row, 'old.png', png(10));
    await new Promise((r) => setTimeout(r, 1100)); // createdon is kept to the second
    note(row, 'new.png', png(20));
    expect((await noteOfRow(org, row))?.name).toBe('new.png');
    expect((await noteOfRow(org, row, older))?.name).toBe('old.png');
    const elsewhere = note(materialId, 'elsewhere.png', png(30));
    expect(await noteOfRow(org, row, elsewhere)).toBeUndefined();
  });
});
