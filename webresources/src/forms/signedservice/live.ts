/**
 * The relay's own view of this row (GET /api/signed-services/{org}/{row}/status). After a save the relay works
 * from a queue, so the form asks again with growing pauses until the answer changes, for about half a minute.
 */
import { fetchSignedServiceStatus, readRelayUrl, type SignedServiceStatus } from '../../shared/relay.js';
import type { Xrm, XrmFormContext } from '../../shared/xrm.js';

export const PAUSES_AFTER_SAVE_MS: readonly number[] = [1000, 2000, 3000, 5000, 8000, 13000];

export type ReadLive = () => Promise<SignedServiceStatus | undefined>;

/** A reader for this row, or undefined when the relay address is unknown (then the row's status is all we have). */
export async function liveReader(xrm: Xrm, form: XrmFormContext, fetchImpl: typeof fetch): Promise<ReadLive | undefined> {
  let relayUrl: string | undefined;
  try {
    relayUrl = await readRelayUrl(xrm);
  } catch {
    return undefined;
  }
  if (!relayUrl) return undefined;
  const organizationId = xrm.Utility.getGlobalContext().organizationSettings.organizationId;
  const rowId = form.data.entity.getId();
  const relay = relayUrl;
  return () => fetchSignedServiceStatus(fetchImpl, relay, organizationId, rowId).catch(() => undefined);
}

export async function waitForNewStatus(
  read: ReadLive,
  previousUpdatedAt: string | undefined,
  sleep: (ms: number) => Promise<void>,
): Promise<SignedServiceStatus | undefined> {
  for (const pause of PAUSES_AFTER_SAVE_MS) {
    await sleep(pause);
    const live = await read();
    if (live && live.updatedAt !== previousUpdatedAt) return live;
  }
  return undefined;
}
