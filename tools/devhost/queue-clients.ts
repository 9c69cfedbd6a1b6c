/** QueueClients per (connection string, queue name), each created once with createIfNotExists. */
import { QueueServiceClient, type QueueClient } from '@azure/storage-queue';

export class QueueClients {
  readonly #clients = new Map<string, { client: QueueClient; ready: Promise<unknown> | undefined }>();

  get(connectionString: string, queueName: string): QueueClient {
    return this.#entry(connectionString, queueName).client;
  }

  /** The client, after its queue exists. A failed creation is retried by the next call. */
  async ready(connectionString: string, queueName: string): Promise<QueueClient> {
    const entry = this.#entry(connectionString, queueName);
    entry.ready ??= entry.client.createIfNotExists().catch((err: unknown) => {
      entry.ready = undefined;
      throw err;
    });
    await entry.ready;
    return entry.client;
  }

  #entry(connectionString: string, queueName: string) {
    const key = `${queueName}\n${connectionString}`;
    let entry = this.#clients.get(key);
    if (!entry) {
      const client = QueueServiceClient.fromConnectionString(connectionString).getQueueClient(queueName);
      this.#clients.set(key, (entry = { client, ready: undefined }));
    }
    return entry;
  }
}
