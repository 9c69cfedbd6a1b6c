/** One QueueClient per (connection string, queue name), its queue created once (createIfNotExists). */
import { QueueServiceClient, type QueueClient } from '@azure/storage-queue';

export class QueueClients {
  readonly #clients = new Map<string, { client: QueueClient; ready: Promise<unknown> | undefined }>();

  /** The client, after its queue exists. A failed creation is retried by the next call. */
  async ready(connectionString: string, queueName: string): Promise<QueueClient> {
    const key = `${queueName}\n${connectionString}`;
    let entry = this.#clients.get(key);
    if (!entry) {
      entry = { client: QueueServiceClient.fromConnectionString(connectionString).getQueueClient(queueName), ready: undefined };
      this.#clients.set(key, entry);
    }
    const current = entry;
    current.ready ??= current.client.createIfNotExists().catch((err: unknown) => {
      current.ready = undefined;
      throw err;
    });
    await current.ready;
    return current.client;
  }
}
