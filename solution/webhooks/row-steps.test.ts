/** Several Update steps of one table (the account's sync, quota and removal requests) register as one step. */
import { describe, expect, it } from 'vitest';
import { mergedSteps, type WebhookStepSpec } from './registration.js';

const T = 'wxm_officialaccount';

describe('Update steps of one table', () => {
  it('merge into one step filtered on every column they name, in the order first seen', () => {
    const steps: WebhookStepSpec[] = [
      { message: 'Update', table: T, description: 'Sync.', filteringAttributes: ['wxm_syncrequestedon'] },
      { message: 'Create', table: T, description: 'Created.' },
      { message: 'Update', table: T, description: 'Quota.', filteringAttributes: ['wxm_quotarequestedon', 'wxm_syncrequestedon'] },
    ];
    expect(mergedSteps(steps)).toEqual([
      { message: 'Update', table: T, description: 'Sync. Quota.', filteringAttributes: ['wxm_syncrequestedon', 'wxm_quotarequestedon'] },
      { message: 'Create', table: T, description: 'Created.' },
    ]);
    expect(steps[0]).toEqual({ message: 'Update', table: T, description: 'Sync.', filteringAttributes: ['wxm_syncrequestedon'] });
  });

  it('an Update step without a filter makes the merged step fire on every change', () => {
    const merged = mergedSteps([
      { message: 'Update', table: T, description: 'A.', filteringAttributes: ['wxm_a'] },
      { message: 'Update', table: T, description: 'B.' },
    ]);
    expect(merged).toEqual([{ message: 'Update', table: T, description: 'A. B.' }]);
  });
});
