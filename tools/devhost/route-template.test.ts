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
  });

  it('supports optional, catch-all and constrained parameters', () => {
    expect(match('items/{id?}', 'items')).toEqual({});
    expect(match('items/{id?}', 'items/7')).toEqual({ id: '7' });
    expect(match('files/{*rest}', 'files/a/b%2Fc/d')).toEqual({ rest: 'a/b/c/d' });
    expect(match('files/{*rest}', 'files')).toEqual({});
    expect(match('orders/{n:int}', 'orders/42')).toEqual({ n: '42' });
    expect(match('orders/{n:int}', 'orders/abc')).toBeUndefined();
    expect(match('orders/{n:int?}', 'orders')).toEqual({});
    expect(match('x/{g:guid}', 'x/0f8fad5b-d9cb-469f-a165-70867728950e')).toEqual({
      g: '0f8fad5b-d9cb-469f-a165-70867728950e',
    });
    expect(match('x/{a:alpha}', 'x/abc1')).toBeUndefined();
    expect(match('greet/{name}', 'greet/%E5%BC%A0%E4%B8%89')).toEqual({ name: '张三' });
  });

  it('ranks literal routes above parameter and catch-all routes', () => {
    const specific = compileRoute('wechat/authorize/callback').specificity;
    const param = compileRoute('wechat/authorize/{step}').specificity;
    const catchAll = compileRoute('{*any}').specificity;
    expect(specific).toBeGreaterThan(param);
    expect(param).toBeGreaterThan(catchAll);
  });

  it('refuses templates it cannot honour', () => {
    expect(() => compileRoute('files/{*rest}/more')).toThrow('route "files/{*rest}/more": {*rest} must be last');
    expect(() => compileRoute('a/{b?}/c')).toThrow('optional {b?} must be last');
    expect(() => compileRoute('a/{b:regex}')).toThrow('unsupported constraint ":regex"');
    expect(() => compileRoute('a/file.{ext}')).toThrow('unsupported segment "file.{ext}"');
  });

  it('rejects invalid percent-encoding', () => {
    expect(pathSegments('/a/%E0%A4%A')).toBeUndefined();
  });
});
