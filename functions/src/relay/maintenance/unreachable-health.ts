/**
 * Health dependencies for an instance whose storage could not be opened: every read fails, so checkHealth
 * reports storage unreachable (and 503) instead of the handler crashing on a missing store.
 */
import type { Clock } from '../../kernel/clock.js';
import type { HealthDeps } from './health.js';

export function unreachableHealth(componentAppid: string, clock: Clock): HealthDeps {
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
