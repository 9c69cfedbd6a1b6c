/**
 * Logger adapters. Use cases log through the Logger port; here it becomes Functions' context log, with a last
 * line of defence that masks any configured secret should one ever reach a message or field.
 *
 * Classes rather than objects of closures: every callback gets its invocation's logger, and almost none logs,
 * so making one must cost two small objects, not six functions and a filtered copy of the secrets.
 */
import type { LogFields, Logger } from '../ports/logger.js';

export interface LogSink {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
}

const line = (message: string, fields?: LogFields) => (fields ? `${message} ${JSON.stringify(fields)}` : message);

class SinkLogger implements Logger {
  constructor(private readonly sink: LogSink) {}
  info(message: string, fields?: LogFields): void {
    this.sink.info(line(message, fields));
  }
  warn(message: string, fields?: LogFields): void {
    this.sink.warn(line(message, fields));
  }
  error(message: string, fields?: LogFields): void {
    this.sink.error(line(message, fields));
  }
}

export function sinkLogger(sink: LogSink): Logger {
  return new SinkLogger(sink);
}

/** The secrets worth masking: shorter than 6 characters are ignored (too many false hits). Work it out once. */
export class Secrets {
  readonly masked: readonly string[];
  constructor(secrets: ReadonlyArray<string | undefined>) {
    this.masked = secrets.filter((s): s is string => typeof s === 'string' && s.length >= 6);
  }

  /** Almost no line holds a secret: look before cutting. */
  scrub(text: string): string {
    let out = text;
    for (const secret of this.masked) if (out.includes(secret)) out = out.split(secret).join('***');
    return out;
  }

  /** The fields, copied only when one of them changes. */
  scrubFields(fields?: LogFields): LogFields | undefined {
    if (!fields) return fields;
    let copy: LogFields | undefined;
    for (const [key, value] of Object.entries(fields)) {
      if (typeof value !== 'string') continue;
      const clean = this.scrub(value);
      if (clean !== value) (copy ??= { ...fields })[key] = clean;
    }
    return copy ?? fields;
  }
}

class RedactingLogger implements Logger {
  constructor(
    private readonly inner: Logger,
    private readonly secrets: Secrets,
  ) {}
  info(message: string, fields?: LogFields): void {
    this.inner.info(this.secrets.scrub(message), this.secrets.scrubFields(fields));
  }
  warn(message: string, fields?: LogFields): void {
    this.inner.warn(this.secrets.scrub(message), this.secrets.scrubFields(fields));
  }
  error(message: string, fields?: LogFields): void {
    this.inner.error(this.secrets.scrub(message), this.secrets.scrubFields(fields));
  }
}

/** Masks every occurrence of the given secrets (made once per process). */
export function redactingLogger(inner: Logger, secrets: Secrets): Logger {
  return new RedactingLogger(inner, secrets);
}
