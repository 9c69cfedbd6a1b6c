/**
 * Without the devhost, @azure/functions stays in test mode (handlers callable directly); and a devhost started
 * after the library already chose test mode fails loudly instead of serving nothing.
 */
import { app, HttpRequest, InvocationContext } from '@azure/functions';
import { describe, expect, it } from 'vitest';
import { DevHostError, startDevHost } from './index.js';

describe('test mode and the fake core', () => {
  it('leaves @azure/functions in test mode when the devhost is not used', async () => {
    const handler = async (req: HttpRequest) => ({ body: `hi ${req.query.get('name')}` });
    app.http('direct', { handler }); // test mode: dropped with a warning, nothing thrown
    const res = await handler(new HttpRequest({ method: 'GET', url: 'http://localhost/api/direct?name=ann' }));
    expect(res).toEqual({ body: 'hi ann' });
    expect(new InvocationContext().invocationId).toBe('unknown');
  });

  it('refuses to start when the library already switched to test mode', async () => {
    const started = startDevHost({
      port: 0,
      appModule: async () => void app.http('late', { handler: async () => ({ body: 'x' }) }),
      storageConnectionString: 'UseDevelopmentStorage=true',
      log: () => {},
    });
    await expect(started).rejects.toBeInstanceOf(DevHostError);
    await expect(started).rejects.toThrow(/registered no functions/);
  });
});
