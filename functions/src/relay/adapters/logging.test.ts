import { describe, expect, it } from 'vitest';
import { redactingLogger, Secrets, sinkLogger } from './logging.js';

function sink() {
  const lines: string[] = [];
  const push =
    (level: string) =>
    (...args: unknown[]) =>
      void lines.push(`${level} ${args.join(' ')}`);
  return { lines, sink: { info: push('info'), warn: push('warn'), error: push('error') } };
}

describe('invocation loggers', () => {
  it('writes the message and its fields as one line per level', () => {
    const { lines, sink: s } = sink();
    const logger = sinkLogger(s);
    logger.info('stored', { appid: 'wx1', count: 2 });
    logger.warn('retry');
    logger.error('failed', { status: 503 });
    expect(lines).toEqual(['info stored {"appid":"wx1","count":2}', 'warn retry', 'error failed {"status":503}']);
  });

  it('masks every configured secret in messages and string fields, ignoring secrets too short to be one', () => {
    const { lines, sink: s } = sink();
    const logger = redactingLogger(sinkLogger(s), new Secrets(['appsecret-0123456789', undefined, 'abc']));
    logger.error('answer was appsecret-0123456789 twice: appsecret-0123456789', { detail: 'x=appsecret-0123456789', abc: 'abc', n: 7 });
    expect(lines).toEqual(['error answer was *** twice: *** {"detail":"x=***","abc":"abc","n":7}']);
  });
});
