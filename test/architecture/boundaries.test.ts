/**
 * One import-boundary test for the relay (it replaces test/architecture/imports.test.ts, wechat/boundary.test.ts
 * and dataverse/boundary.test.ts): every file of functions/src, the emulators and the devhost against the table in
 * boundaries.ts, and the checker itself against synthetic violations of each rule.
 */
import { describe, expect, it } from 'vitest';
import { importsOf, isTestCode, LAYERS, repositorySources, violations, type SourceFile } from './boundaries.js';

const file = (path: string, ...imports: string[]): SourceFile => ({ path, text: imports.map((s) => `import { x } from '${s}';`).join('\n') });
const check = (path: string, ...imports: string[]) => violations([file(path, ...imports)]);

describe('import boundaries of the repository', () => {
  const sources = repositorySources();

  it('finds every layer and its files', () => {
    const count = (folder: string) => sources.filter((f) => f.path.startsWith(`functions/src/${folder}/`)).length;
    expect(count('wechat')).toBeGreaterThan(40);
    expect(count('dataverse')).toBeGreaterThan(20);
    for (const folder of ['kernel', 'relay', 'storage', 'app', 'functions']) expect(count(folder), folder).toBeGreaterThan(0);
    expect(sources.some((f) => f.path.startsWith('test/emulators/'))).toBe(true);
    expect(sources.some((f) => f.path.startsWith('tools/devhost/'))).toBe(true);
  });

  it('every import of every file is allowed by the table', () => {
    expect(violations(sources)).toEqual([]);
  });
});

describe('the checker', () => {
  it('reads static, side-effect, dynamic, re-export and require imports', () => {
    const text = [
      "import type { A } from './a.js';",
      "import './side.js';",
      "export { b } from '../b.js';",
      "const c = await import('./c.js');",
      "const d = require('d');",
      "const e = createRequire(import.meta.url)('e');",
    ].join('\n');
    expect(importsOf(text)).toEqual(['./a.js', './side.js', '../b.js', './c.js', 'd', 'e']);
  });

  it('the kernel imports nothing of ours', () => {
    expect(check('functions/src/kernel/clock.ts', '../wechat/index.js')).toEqual([
      'functions/src/kernel/clock.ts: ../wechat/index.js (functions/src/wechat/index.ts) is outside what kernel may import (the kernel imports nothing of ours)',
    ]);
    expect(check('functions/src/kernel/clock.ts', 'node:crypto', './guid.js')).toEqual([]);
  });

  it('wechat/ imports the kernel and fast-xml-parser only; its tests also vitest and the peer crypto packages', () => {
    expect(check('functions/src/wechat/api/client.ts', '../../kernel/clock.js', 'fast-xml-parser', './retry.js')).toEqual([]);
    expect(check('functions/src/wechat/api/client.ts', '../../relay/ports.js')).toHaveLength(1);
    expect(check('functions/src/wechat/api/client.ts', '../../support/bounded-map.js')).toHaveLength(1);
    expect(check('functions/src/wechat/api/client.ts', '@azure/functions')).toEqual([
      'functions/src/wechat/api/client.ts: package @azure/functions is not allowed here (wechat/ is protocol only: kernel and fast-xml-parser)',
    ]);
    expect(check('functions/src/wechat/api/client.ts', 'vitest')).toHaveLength(1);
    expect(check('functions/src/wechat/api/client.test.ts', 'vitest', 'wechat-crypto', '@wecom/crypto')).toEqual([]);
    expect(check('functions/src/wechat/api/client.test.ts', '../../../../test/emulators/wechat/index.js')).toHaveLength(1);
  });

  it('relative imports end in .js', () => {
    expect(check('functions/src/wechat/api/client.ts', './retry')).toEqual([
      'functions/src/wechat/api/client.ts: ./retry must end in .js (wechat/ is protocol only: kernel and fast-xml-parser)',
    ]);
  });

  it('dataverse/ imports kernel and support; its tests also the Dataverse emulator and the schema, nothing else of the test kit', () => {
    expect(check('functions/src/dataverse/client.ts', '../support/bounded-map.js', '../kernel/guid.js', 'dynamics-web-api', '@azure/msal-node')).toEqual([]);
    expect(check('functions/src/dataverse/client.ts', '../wechat/index.js')).toHaveLength(1);
    expect(check('functions/src/dataverse/client.ts', '../../../test/emulators/dataverse/index.js')).toHaveLength(1);
    expect(check('functions/src/dataverse/client.ts', '@wxm/solution/schema')).toHaveLength(1);
    expect(check('functions/src/dataverse/client.test.ts', '../../../test/emulators/dataverse/index.js', '@wxm/solution/schema', 'vitest')).toEqual([]);
    // Worlds and fakes live in the test kit; one left in a production folder is production code.
    expect(check('functions/src/dataverse/test-support/world.ts', '../../../../test/emulators/dataverse/index.js')).toHaveLength(1);
    expect(check('functions/src/dataverse/client.test.ts', '@wxm/testkit/kit/dataverse/org-under-test')).toEqual([]);
    expect(check('functions/src/dataverse/client.test.ts', '@wxm/testkit/kit/relay/fixtures')).toHaveLength(1);
    expect(check('functions/src/dataverse/client.test.ts', '../../../test/emulators/wechat/index.js')).toHaveLength(1);
    expect(check('functions/src/dataverse/client.test.ts', '../../../test/support/azurite.js')).toHaveLength(1);
  });

  it('relay/ never imports Azure SDKs, storage, the registrations or the root; its tests may use memory storage, never the Azure adapters', () => {
    const useCase = 'functions/src/relay/delivery/deliver.ts';
    expect(check(useCase, '../../wechat/index.js', '../../dataverse/types.js', '../../kernel/clock.js', '../ports.js', '@wxm/solution/schema')).toEqual([]);
    for (const spec of ['@azure/data-tables', '../../storage/memory/memory-queue.js', '../../functions/poison.js', '../../app/relay.js', 'dynamics-web-api']) {
      expect(check(useCase, spec), spec).toHaveLength(1);
    }
    const test = 'functions/src/relay/delivery/deliver.test.ts';
    expect(check(test, '../../storage/memory/memory-queue.js', '../../../../test/emulators/dataverse/index.js', 'vitest')).toEqual([]);
    expect(check(test, '../../storage/azure/storage-queue.js')).toEqual([
      `${test}: ../../storage/azure/storage-queue.js is denied here (relay/ use cases import ports, wechat, dataverse, kernel; never Azure SDKs or storage)`,
    ]);
    expect(check(test, '@azure/storage-queue')).toHaveLength(1);
    expect(check('functions/src/relay/test-support/world.ts', '../../storage/azure/connection.js')).toHaveLength(1);
  });

  it('storage/ implements ports: relay/ and the token ports, Azure Storage SDKs; never registrations, the root or @azure/functions', () => {
    const adapter = 'functions/src/storage/azure/table-token-store.ts';
    expect(check(adapter, '../../relay/ports/storage.js', '../../wechat/tokens/ports.js', '@azure/data-tables', '../errors.js')).toEqual([]);
    expect(check(adapter, '../../wechat/api/client.js')).toHaveLength(1);
    expect(check(adapter, '../../functions/poison.js')).toHaveLength(1);
    expect(check(adapter, '../../app/relay.js')).toHaveLength(1);
    expect(check(adapter, '@azure/functions')).toHaveLength(1);
    expect(check('functions/src/storage/azure/table-token-store.test.ts', '@azure/functions')).toHaveLength(1);
    // The contract suites live in the test kit; a storage file outside tests gets no vitest.
    expect(check('functions/src/storage/contract/harness.ts', 'vitest')).toHaveLength(1);
    expect(check('functions/src/storage/azure/azure-storage.test.ts', '@wxm/testkit/kit/storage/contract/harness', 'vitest')).toEqual([]);
  });

  it('app/ and functions/ may import everything; test code of the other layers gets the test kit', () => {
    expect(check('functions/src/app/relay.ts', '../storage/azure/create-azure-storage.js', '../wechat/index.js', '@azure/functions')).toEqual([]);
    expect(check('functions/src/functions/health.ts', '../app/current.js', '@azure/functions')).toEqual([]);
    expect(check('functions/src/functions/health.test.ts', '@wxm/devhost', '../../../test/support/azurite.js')).toEqual([]);
    expect(check('functions/src/pages/html.ts', 'vitest')).toHaveLength(1);
  });

  it('the emulators never import the relay', () => {
    expect(check('test/emulators/dataverse/emulator.ts', '../../../functions/src/dataverse/types.js')).toHaveLength(1);
    expect(check('test/emulators/dataverse/emulator.ts', '../../../solution/src/model.js', './store.js', 'node:http')).toEqual([]);
  });

  it('the devhost never imports the relay; its tests may use the test support', () => {
    expect(check('tools/devhost/index.ts', '../../functions/src/app/current.js')).toHaveLength(1);
    expect(check('tools/devhost/index.ts', '../../test/support/azurite.js')).toHaveLength(1);
    expect(check('tools/devhost/devhost.test.ts', '../../test/support/azurite.js', './index.js', '@azure/functions')).toEqual([]);
  });

  it('a folder of functions/src without a rule is itself a violation', () => {
    expect(check('functions/src/newfolder/thing.ts')).toEqual(['functions/src/newfolder/thing.ts: folder newfolder has no rule in LAYERS']);
    expect(Object.keys(LAYERS)).toContain('kernel');
  });

  it('classifies test code', () => {
    expect(isTestCode('functions/src/relay/x.test.ts')).toBe(true);
    expect(isTestCode('functions/src/relay/delivery/test-support/memory-org.ts')).toBe(false);
    expect(isTestCode('functions/src/storage/contract/harness.ts')).toBe(false);
    expect(isTestCode('functions/src/wechat/tokens/testing.ts')).toBe(false);
  });
});
