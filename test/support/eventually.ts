/** Retries an assertion until it passes or the time is up (asynchronous pipelines: queues, webhooks). */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 20_000, everyMs = 150): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
}
