import { describe, expect, it } from 'vitest';
import { FakeClock } from '../testkit/harness.js';
import { CodeBook, VerifyTicketBook } from './codes.js';
import { TokenBook } from './tokens.js';

describe('TokenBook', () => {
  it('keeps a replaced token valid for the overlap, then answers 40001', () => {
    const clock = new FakeClock();
    const book = new TokenBook(clock, 7200, 300);
    const first = book.issue('component', 'wxc');
    clock.advance(100);
    const second = book.issue('component', 'wxc');
    clock.advance(299);
    expect(book.check(first.value)).toEqual({ ok: true, record: first, replaced: true });
    clock.advance(1);
    expect(book.check(first.value)).toMatchObject({ ok: false, errcode: 40001, reason: 'stale', replaced: true });
    expect(book.check(second.value)).toMatchObject({ ok: true, replaced: false });
  });

  it('expires every token after the TTL with 42001', () => {
    const clock = new FakeClock();
    const book = new TokenBook(clock, 7200, 300);
    const token = book.issue('authorizer', 'wxa');
    clock.advance(7199);
    expect(book.check(token.value).ok).toBe(true);
    clock.advance(1);
    expect(book.check(token.value)).toMatchObject({ ok: false, errcode: 42001, reason: 'expired' });
  });

  it('answers 40001 for unknown and revoked tokens', () => {
    const book = new TokenBook(new FakeClock(), 7200, 300);
    const token = book.issue('authorizer', 'wxa');
    book.issue('authorizer', 'wxb');
    book.revokeOwner('authorizer', 'wxa');
    expect(book.check(token.value)).toMatchObject({ ok: false, errcode: 40001, reason: 'revoked' });
    expect(book.check('nope')).toMatchObject({ ok: false, errcode: 40001, reason: 'unknown' });
    expect(book.check(book.currentFor('authorizer', 'wxb')?.value ?? '').ok).toBe(true);
  });

  it('tokens of different owners do not replace each other', () => {
    const book = new TokenBook(new FakeClock(), 7200, 0);
    const a = book.issue('authorizer', 'wxa');
    book.issue('authorizer', 'wxb');
    expect(book.check(a.value).ok).toBe(true);
  });
});

describe('VerifyTicketBook', () => {
  it('accepts every ticket pushed in the last 12 h; older ones answer expired, unknown ones invalid', () => {
    const clock = new FakeClock();
    const book = new VerifyTicketBook(clock);
    const old = book.issue();
    clock.advance(600);
    const latest = book.issue();
    expect(book.latest()).toBe(latest);
    expect(book.check(old)).toBe('ok');
    clock.advance(12 * 3600 - 600);
    expect(book.check(old)).toBe('expired');
    expect(book.check(latest)).toBe('ok');
    expect(book.check('ticket@@@forged')).toBe('invalid');
    expect(book.check(undefined)).toBe('invalid');
  });
});

describe('CodeBook', () => {
  it('auth codes are single use and expire after 600 s (61009 / 61010)', () => {
    const clock = new FakeClock();
    const codes = new CodeBook(clock, true);
    const code = codes.createAuthCode('wxa');
    expect(code.value.startsWith('queryauthcode@@@')).toBe(true);
    expect(codes.redeemAuthCode(code.value)).toMatchObject({ ok: true });
    expect(codes.redeemAuthCode(code.value)).toEqual({ ok: false, errcode: 61009 });
    const late = codes.createAuthCode('wxa');
    clock.advance(600);
    expect(codes.redeemAuthCode(late.value)).toEqual({ ok: false, errcode: 61010 });
    expect(codes.redeemAuthCode('queryauthcode@@@unknown')).toEqual({ ok: false, errcode: 61009 });
  });

  it('allows reuse within validity when single use is off', () => {
    const codes = new CodeBook(new FakeClock(), false);
    const code = codes.createAuthCode('wxa');
    expect(codes.redeemAuthCode(code.value).ok).toBe(true);
    expect(codes.redeemAuthCode(code.value).ok).toBe(true);
  });

  it('pre_auth_codes last 600 s', () => {
    const clock = new FakeClock();
    const codes = new CodeBook(clock, true);
    const pre = codes.createPreAuthCode();
    clock.advance(599);
    expect(codes.checkPreAuthCode(pre.value).ok).toBe(true);
    clock.advance(1);
    expect(codes.checkPreAuthCode(pre.value)).toEqual({ ok: false, reason: 'expired' });
    expect(codes.checkPreAuthCode(null)).toEqual({ ok: false, reason: 'unknown' });
  });
});
