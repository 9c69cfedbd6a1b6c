/**
 * Where the devhost and the functions' context.log() write; injectable so tests collect lines. The console
 * writer batches the lines of one event-loop turn into one write per stream: writes to a file or terminal are
 * synchronous in Node, and one per line would sit on the request path.
 */
export type LogLevel = 'trace' | 'debug' | 'information' | 'warning' | 'error' | 'critical' | 'none';
export type DevHostLog = (level: LogLevel, message: string) => void;

const pending = { out: '', err: '' };
let scheduled = false;

function flush(): void {
  scheduled = false;
  if (pending.out) process.stdout.write(pending.out);
  if (pending.err) process.stderr.write(pending.err);
  pending.out = pending.err = '';
}
process.once('exit', flush);

export const consoleLog: DevHostLog = (level, message) => {
  if (level === 'trace' || level === 'debug' || level === 'none') return;
  const toErr = level === 'warning' || level === 'error' || level === 'critical';
  const line = `[devhost] ${level === 'information' ? '' : `${level}: `}${message}\n`;
  if (toErr) pending.err += line;
  else pending.out += line;
  if (!scheduled) {
    scheduled = true;
    setImmediate(flush);
  }
};

/** Error name and message only: stacks and causes may carry request data. */
export function describeError(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : typeof err;
}
