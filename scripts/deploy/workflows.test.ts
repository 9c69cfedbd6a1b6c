/**
 * The pipelines: CI runs .ci/run itself (one definition of CI), and the deployment signs in to both clouds with
 * OpenID Connect (azure/login with a federated credential, id-token permission, the China audience for Azure China)
 * and reads no stored secret at all. Text checks: no YAML parser is installed, and these files are short.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO } from './bicep.js';

const read = (name: string) => readFileSync(join(REPO, '.github/workflows', name), 'utf8');

it('ci.yml runs .ci/run on Debian with Node 20 and the .NET SDK that restores Bicep', () => {
  const ci = read('ci.yml');
  expect(ci).toContain('container: node:20-bookworm');
  expect(ci).toContain('uses: actions/setup-dotnet@v4');
  expect(ci).toMatch(/run: bash \.ci\/run\n/);
});

it('deploy.yml signs in to both clouds with OpenID Connect and stores no secret', () => {
  const deploy = read('deploy.yml');
  expect(deploy).toMatch(/permissions:\n {2}id-token: write\n {2}contents: read\n/);
  expect(deploy).toContain('uses: azure/login@v2');
  expect(deploy).toContain('          - cloud: AzureCloud\n            audience: api://AzureADTokenExchange\n');
  expect(deploy).toContain('          - cloud: AzureChinaCloud\n            audience: api://AzureADTokenExchangeChina\n');
  expect(deploy).toContain('environment: ${{ matrix.cloud }}');
  expect(deploy).toContain('npm run deploy -- "${args[@]}"');
  expect(deploy).not.toMatch(/secrets\.|client-secret|creds:/);
});
