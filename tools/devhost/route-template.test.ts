import { describe, expect, it } from 'vitest';
import { compileRoute, pathSegments } from './route-template.js';

const match = (template: string, path: string) => compileRoute(template).match(pathSegments(path)!);

describe('compileRoute', () => {
  it('matches literals case-insensitively and captures parameters', () => {
    expect(match('wechat/accounts/{appid}/callback', 'wechat/accounts/wx123/callback')).toEqual({ appid: 'wx123' });
    expect(match('wechat/accounts/{appid}/callback', 'WeChat/Accounts/wxABC/Callback')).toEqual({ appid: 'wxABC' });
    expect(match('wechat/accounts/{appid}/callback', 'wechat/accounts/wx123')).toBeUndefined();
    expect(match('wechat/accounts/{appid}/callback', 'wechat/accounts/wx123/callback/extra')).toBeUndefined();
    expect(match('health', 'health/')).toEqual({});
    expect(match('signed-services/{organizationId}/{signedServiceId}/status', 'signed-services/o/s/status')).toEqual({
      organizationId: 'o',
      signedServiceId: 's',
    });
    expect(match('greet/{name}', 'greet/%E5%BC%A0%E4%B8%89')).toEqual({ name: '张三' });
  });

  it('counts literal segments, so literal routes rank above parameter routes', () => {
    expect(compileRoute('wechat/authorize/callback').literals).toBe(3);
    expect(compileRoute('wechat/authorize/{step}').literals).toBe(2);
  });

  it('refuses the template forms the relay never writes (optional, catch-all, constraints, partial segments)', () => {
    for (const template of ['items/{id?}', 'files/{*rest}', 'orders/{n:int}', 'a/file.{ext}']) {
      const segment = template.split('/')[1];
      expect(() => compileRoute(template)).toThrow(`route "${template}": segment "${segment}" is not served by the devhost (only literals and {name})`);
    }
  });

  it('rejects invalid percent-encoding', () => {
    expect(pathSegments('/a/%E0%A4%A')).toBeUndefined();
  });
});
