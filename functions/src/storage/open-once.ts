/**
 * Opens something backed by storage once per process, on first use, never at start-up: an instance that starts
 * while storage is down must still answer (503, so WeChat retries) instead of crashing. A failed open is
 * forgotten, so the next call tries again once storage is back; concurrent callers share one attempt.
 */
import { StorageUnavailable } from '../relay/errors.js';

export function openOnce<T>(what: string, open: () => Promise<T>): () => Promise<T> {
  let opening: Promise<T> | undefined;
  return () =>
    (opening ??= open().catch((err: unknown) => {
      opening = undefined;
      // Nothing was stored: the caller answers 503 and the sender retries.
      throw new StorageUnavailable(what, err);
    }));
}
