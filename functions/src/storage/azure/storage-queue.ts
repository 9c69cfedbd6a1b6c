/**
 * Queue<T> on an Azure Storage queue. Messages are JSON, base64-encoded like the Functions host's default
 * `messageEncoding`, so the relay's own `app.storageQueue` triggers read them. The queue is created once
 * (createIfNotExists) on first use; a failed creation is retried on the next call. Every call has a deadline.
 * Messages are put with one plain request (put-message.ts says why), the rest goes through the SDK.
 * Docs: https://learn.microsoft.com/rest/api/storageservices/put-message
 */
import type { QueueClient } from '@azure/storage-queue';
import type { Queue } from '../../relay/ports/storage.js';
import { encodeQueueMessage } from '../queue-codec.js';
import { putMessageFor, type PutMessage, type PutMessageAuth } from './put-message.js';
import { storageDeadline, storageRequestCounts } from './request-policies.js';

export class StorageQueue<T> implements Queue<T> {
  readonly #client: QueueClient;
  readonly #put: PutMessage | undefined;
  #created: Promise<void> | undefined;

  /** `auth`: what the client was made with (connection.ts queueAuth), for the requests StorageQueue sends itself. */
  constructor(options: { client: QueueClient; auth?: PutMessageAuth }) {
    this.#client = options.client;
    this.#put = putMessageFor(options.client, options.auth);
  }

  get name(): string {
    return this.#client.name;
  }

  async enqueue(message: T, options: { delaySeconds?: number } = {}): Promise<void> {
    const text = encodeQueueMessage(message);
    await this.ensureCreated();
    // Put Message's visibilitytimeout: the message stays hidden this long (at most 7 days).
    const delay = Math.max(0, Math.min(Math.round(options.delaySeconds ?? 0), 7 * 24 * 3600));
    if (this.#put) return this.#put(text, { signal: storageDeadline().abortSignal, ...(delay > 0 && { visibilityTimeoutSeconds: delay }) });
    storageRequestCounts.queue++;
    await this.#client.sendMessage(text, { ...storageDeadline(), ...(delay > 0 && { visibilityTimeout: delay }) });
  }

  async depth(): Promise<number> {
    await this.ensureCreated();
    storageRequestCounts.queue++;
    const properties = await this.#client.getProperties(storageDeadline());
    return properties.approximateMessagesCount ?? 0;
  }

  ensureCreated(): Promise<void> {
    if (!this.#created) storageRequestCounts.queue++;
    this.#created ??= this.#client.createIfNotExists(storageDeadline()).then(
      () => undefined,
      (err: unknown) => {
        this.#created = undefined;
        throw err;
      },
    );
    return this.#created;
  }
}
