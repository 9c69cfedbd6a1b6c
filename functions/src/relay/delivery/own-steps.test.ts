/** OwnSteps: one lookup per org and period, shared by concurrent deliveries; refusals and outages switch it off for a while. */
import { describe, expect, it } from 'vitest';
import { DataverseError } from '../../dataverse/errors.js';
import type { DataverseOrg, QueryOptions, Row } from '../../dataverse/types.js';
import { RecordingLogger } from '@wxm/testkit/kit/relay/fixtures';
import { OWN_MESSAGE_CREATE_STEP, OwnSteps } from './own-steps.js';

const STEP = '0b7e9d3c-58f1-4b5a-9e3f-2c1d4a6b8e90';

function orgAnswering(answer: () => Row[] | Error): { org: DataverseOrg; queries: QueryOptions[] } {
  const queries: QueryOptions[] = [];
  const org = {
    retrieveMultiple: async (set: string, options: QueryOptions = {}) => {
      expect(set).toBe('sdkmessageprocessingsteps');
      queries.push(options);
      await new Promise((r) => setTimeout(r, 1));
      const a = answer();
      if (a instanceof Error) throw a;
      return a;
    },
  } as unknown as DataverseOrg;
  return { org, queries };
}

describe('OwnSteps', () => {
  it('finds the step by its registered name once, for concurrent deliveries too, and again after refreshMs', async () => {
    let now = 0;
    const steps = new OwnSteps(() => now, { refreshMs: 1000 });
    const { org, queries } = orgAnswering(() => [{ sdkmessageprocessingstepid: STEP }, { sdkmessageprocessingstepid: 'not-a-guid' }]);
    const log = new RecordingLogger();
    expect(await Promise.all([steps.ids(org, log), steps.ids(org, log), steps.ids(org, log)])).toEqual([[STEP], [STEP], [STEP]]);
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatchObject({ filter: `name eq '${OWN_MESSAGE_CREATE_STEP}'`, top: 3 });
    now = 999;
    await steps.ids(org, log);
    expect(queries).toHaveLength(1);
    now = 1000;
    await steps.ids(org, log);
    expect(queries).toHaveLength(2);
  });

  it('no step registered: no header', async () => {
    const { org } = orgAnswering(() => []);
    expect(await new OwnSteps(() => 0).ids(org, new RecordingLogger())).toBeUndefined();
  });

  it('a refused write switches the org off for refusedMs and warns once until a bypass works again', async () => {
    let now = 0;
    const steps = new OwnSteps(() => now, { refusedMs: 500, refreshMs: 10_000 });
    const { org } = orgAnswering(() => [{ sdkmessageprocessingstepid: STEP }]);
    const log = new RecordingLogger();
    const error = { kind: 'forbidden' as const, status: 403, code: '0x80040220', message: 'is missing prvBypassCustomBusinessLogic privilege' };
    expect(await steps.ids(org, log)).toEqual([STEP]);
    steps.refused(error, log);
    expect(await steps.ids(org, log)).toBeUndefined();
    now = 500;
    expect(await steps.ids(org, log)).toEqual([STEP]);
    steps.refused(error, log);
    expect(log.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    now = 1000;
    await steps.ids(org, log);
    steps.accepted();
    steps.refused(error, log);
    expect(log.lines.filter((l) => l.level === 'warn')).toHaveLength(2);
  });

  it('a refused lookup is off for refusedMs with a warning; an outage only for retryMs, silently', async () => {
    let now = 0;
    let answer: Error = new DataverseError('forbidden', 403, '0x80040220', 'is missing prvReadsdkmessageprocessingstep privilege');
    const { org, queries } = orgAnswering(() => answer);
    const log = new RecordingLogger();
    const steps = new OwnSteps(() => now, { refusedMs: 1000, retryMs: 10 });
    expect(await steps.ids(org, log)).toBeUndefined();
    now = 999;
    expect(await steps.ids(org, log)).toBeUndefined();
    expect(queries).toHaveLength(1);
    expect(log.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    answer = new DataverseError('transient', 503, '', 'Service Unavailable');
    now = 1000;
    expect(await steps.ids(org, log)).toBeUndefined();
    now = 1009;
    await steps.ids(org, log);
    expect(queries).toHaveLength(2);
    now = 1010;
    await steps.ids(org, log);
    expect(queries).toHaveLength(3);
    expect(log.lines.filter((l) => l.level === 'warn')).toHaveLength(1);
  });
});
