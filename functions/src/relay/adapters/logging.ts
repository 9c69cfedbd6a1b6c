/**
 * Logger adapters. Use cases log through the Logger port; here it becomes Functions' context log, with a last
 * line of defence that masks any configured secret should one ever reach a message or field.
 */
import type { LogFields, Logger } from '../ports/logger.js';

export interface LogSink {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

export function sinkLogger(sink: LogSink): Logger {
  const line = (message: string, fields?: LogFields) => (fields ? `${message} ${JSON.stringify(fields)}` : message);
  return {
    info: (m, f) => sink.info(line(m, f)),
    warn: (m, f) => sink.warn(line(m, f)),
    error: (m, f) => sink.error(line(m, f)),
  };
}

/** Masks every occurrence of the given secrets (shorter than 6 characters are ignored: too many false hits). */
export function redactingLogger(inner: Logger, secrets: ReadonlyArray<string | undefined>): Logger {
  const masked = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6);
  // Almost no line holds a secret: look before cutting, and copy the fields only when one of them changes.
  const scrub = (text: string): string => {
    let out = text;
    for (const secret of masked) if (out.includes(secret)) out = out.split(secret).join('***');
    return out;
  };
  const scrubFields = (fields?: LogFields): LogFields | undefined => {
    if (!fields) return fields;
    let copy: LogFields | undefined;
    for (const [key, value] of Object.entries(fields)) {
      if (typeof value !== 'string') continue;
      const clean = scrub(value);
      if (clean !== value) (copy ??= { ...fields })[key] = clean;
    }
    return copy ?? fields;
  };
  return {
    info: (m, f) => inner.info(scrub(m), scrubFields(f)),
    warn: (m, f) => inner.warn(scrub(m), scrubFields(f)),
    error: (m, f) => inner.error(scrub(m), scrubFields(f)),
  };
}
