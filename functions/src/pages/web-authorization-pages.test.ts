/** The follower's pages: one language from Accept-Language, what a bind= link did, their own profile, everything escaped. */
import { describe, expect, it } from 'vitest';
import { renderWebAuthorizationRefusal, renderWebAuthorizationResult } from './web-authorization-pages.js';
import { pageLanguage } from './web-authorization-texts.js';

describe('pageLanguage', () => {
  it('takes the first of Chinese or English by q-value, and Chinese when the browser names neither', () => {
    expect(pageLanguage('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh');
    expect(pageLanguage('en-US,en;q=0.9')).toBe('en');
    expect(pageLanguage('fr-FR;q=1, en;q=0.5, zh;q=0.4')).toBe('en');
    expect(pageLanguage('en;q=0.2, zh-TW;q=0.8')).toBe('zh');
    expect(pageLanguage('de-DE')).toBe('zh');
    expect(pageLanguage(null)).toBe('zh');
    expect(pageLanguage('en;q=0, zh')).toBe('zh');
  });
});

describe('web authorization pages', () => {
  const bound = {
    saved: true,
    nickname: '<b>林美</b>',
    binding: { status: 'bound' as const, person: 'contact' as const },
    profile: { following: true, bindings: [{ kind: 'contact' as const, boundOn: '2026-12-03T08:00:00Z' }, { kind: 'systemuser' as const }] },
  };

  it('shows a bound follower the kind of record, their escaped name and their links, in Chinese', () => {
    const { html } = renderWebAuthorizationResult(bound, 'zh');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<section class="org" id="binding" data-status="bound"><h1>绑定成功</h1><p>您的微信已绑定到客户（联系人）。</p></section>');
    expect(html).toContain('<dd id="name">&#60;b&#62;林美&#60;/b&#62;</dd>');
    expect(html).toContain('<dt>关注状态</dt><dd>已关注</dd>');
    expect(html).toContain('<li data-kind="contact">客户（联系人） · 绑定于 2026年12月3日</li><li data-kind="systemuser">员工账号（用于接收通知）</li>');
  });

  it('says the same in English, and a used or foreign code as such', () => {
    const { html } = renderWebAuthorizationResult(bound, 'en');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('Your WeChat is now linked to a customer (contact).');
    expect(html).toContain('<li data-kind="contact">a customer (contact) · since 3 Dec 2026</li>');
    const used = renderWebAuthorizationResult({ saved: true, binding: { status: 'used' }, profile: { bindings: [] } }, 'en').html;
    expect(used).toContain('data-status="used"');
    expect(used).toContain('Not linked to any record.');
    const foreign = renderWebAuthorizationResult({ saved: true, binding: { status: 'unknown' } }, 'zh').html;
    expect(foreign).toContain('data-status="invalid"');
    expect(foreign).toContain('id="not-synced"');
  });

  it('explains a refusal in the follower’s language', () => {
    expect(renderWebAuthorizationRefusal('code-used', 'zh').html).toContain('<h1>授权码已使用</h1>');
    expect(renderWebAuthorizationRefusal('expired-state', 'en').html).toContain('Authorization has to be finished within 10 minutes.');
  });
});
