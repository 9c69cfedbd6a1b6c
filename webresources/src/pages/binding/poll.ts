/**
 * Bounded polling: the page asks Dataverse again at an interval until it has an answer or a deadline passes,
 * never forever (a forgotten tab must not read every few seconds all day). Stoppable, for a new code or closing.
 */
export interface PollOptions {
  intervalMs: number;
  /** Epoch ms after which the poll gives up. */
  deadline: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Checked before each read: true stops the poll. */
  stopped?: () => boolean;
}

export async function poll<T>(read: () => Promise<T | undefined>, o: PollOptions): Promise<T | undefined> {
  const now = o.now ?? Date.now;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (;;) {
    if (o.stopped?.()) return undefined;
    const value = await read();
    if (value !== undefined) return value;
    if (now() + o.intervalMs > o.deadline) return undefined;
    await sleep(o.intervalMs);
  }
}
