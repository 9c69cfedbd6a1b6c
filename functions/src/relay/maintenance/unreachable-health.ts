/** Health dependencies whose every read fails: checkHealth then reports storage unreachable. */
import type { checkHealth } from '../relay/maintenance/health.js';
import type { Clock } from '../kernel/clock.js';

export function unreachableHealth(componentAppid: string, clock: Clock): Parameters<typeof checkHealth>[0] {
  const fail = async (): Promise<never> => Promise.reject(new Error('storage unreachable'));
  return {
    componentAppid,
    componentTokenKey: '',
    tickets: { get: fail, put: fail },
    tokens: { get: fail, put: fail, expireIfCurrent: fail },
    authorizers: { get: fail, put: fail, list: fail },
    queueDepths: fail,
    clock,
  };
}
