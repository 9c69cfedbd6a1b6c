/** The structured logger every use case gets from its handler (the invocation's log). */

export interface LogFields {
  [key: string]: string | number | boolean | undefined | null;
}

/** Structured logger. Never pass secrets or tokens: the log scanner test reads every line. */
export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}
