/** Test helpers: a Dataverse emulator (the solution's schema) and a gateway that signs in at its fake Entra ID. */
import { startDataverseEmulator, type DataverseEmulator, type DataverseEmulatorOptions } from '../../emulators/dataverse/index.js';
import { DataverseError } from '../../../functions/src/dataverse/errors.js';
import { createDataverseGateway, type BoundedDataverseGateway, type DataverseGatewayOptions } from '../../../functions/src/dataverse/gateway.js';
import { credentialsFor } from './aad-network.js';

export { credentialsFor };

export class Emulators {
  private readonly open: DataverseEmulator[] = [];

  async start(options: DataverseEmulatorOptions = {}): Promise<DataverseEmulator> {
    const dv = await startDataverseEmulator(options);
    this.open.push(dv);
    return dv;
  }

  async closeAll(): Promise<void> {
    await Promise.all(this.open.splice(0).map((d) => d.close()));
  }
}

/** The emulator's origin (`http://127.0.0.1:PORT`), as DATAVERSE_ALLOWED_ORIGINS names it. */
export function originOf(dv: DataverseEmulator): string {
  return new URL(dv.url).origin;
}

/**
 * A gateway whose token requests go to the emulator's fake Entra ID through `loginBaseOverride`, and whose allow
 * list names exactly this emulator (plus `alsoAllow`): the check itself is the production one.
 */
export function gatewayFor(dv: DataverseEmulator, options: DataverseGatewayOptions = {}, alsoAllow: DataverseEmulator[] = []): BoundedDataverseGateway {
  const extraOrigins = [originOf(dv), ...alsoAllow.map(originOf), ...(options.orgOrigins?.extraOrigins ?? [])];
  return createDataverseGateway({ loginBaseOverride: dv.loginBase, ...options, orgOrigins: { extraOrigins } });
}

export async function rejection(p: Promise<unknown>): Promise<DataverseError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof DataverseError) return e;
    throw e;
  }
  throw new Error('expected a DataverseError');
}
