/** Runs a storage operation; any failure becomes StorageUnavailable so the caller answers 5xx (WeChat retries). */
import { StorageUnavailable } from './errors.js';

export async function persist<T>(operation: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw new StorageUnavailable(operation, err);
  }
}
