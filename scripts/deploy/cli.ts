/**
 * `npm run deploy -- --cloud AzureCloud --resource-group <rg> --prefix <prefix>`: the relay into Azure (global or
 * China) in one command; infra/README.md walks through it. Exit codes: 0 deployed, 2 usage or az not ready,
 * 1 anything else (Azure's own message is printed).
 */
import { parseDeployArgs, USAGE, UsageError } from './args.js';
import { AzNotReadyError, runAz } from './az.js';
import { deploy, summary } from './deploy.js';

async function main(): Promise<number> {
  let args;
  try {
    args = parseDeployArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`deploy: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    throw err;
  }
  try {
    const outputs = await deploy(args, { az: runAz, env: process.env, log: (line) => console.log(`deploy: ${line}`) });
    console.log(`\n${summary(outputs)}`);
    return 0;
  } catch (err) {
    if (err instanceof AzNotReadyError || err instanceof UsageError) {
      console.error(`deploy: ${err.message}`);
      return 2;
    }
    console.error(`deploy: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}

process.exitCode = await main();
