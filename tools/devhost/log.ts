/** Where the devhost and the functions' context.log() write. Injectable so tests can collect lines. */
import { format } from 'node:util';

export type LogLevel = 'trace' | 'debug' | 'information' | 'warning' | 'error' | 'critical' | 'none';
export type DevHostLog = (level: LogLevel, message: string) => void;

export const consoleLog: DevHostLog = (level, message) => {
  if (level === 'trace' || level === 'debug' || level === 'none') return;
  const line = `[devhost] ${level === 'information' ? '' : `${level}: `}${message}`;
  if (level === 'error' || level === 'critical' || level === 'warning') console.error(line);
  else console.log(line);
};

export function formatArgs(args: unknown[]): string {
  return format(...args);
}

/** Error name and message only: stacks and causes may carry request data. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return `${err.name}: ${err.message}`;
  return typeof err;
}
