import { describe, expect, it } from 'vitest';
import { DataverseError } from './errors.js';
import { allowedOrgOrigin, isAllowedOrgOrigin, parseOriginList, STRICT_ORG_ORIGINS } from './org-origin.js';

function code(value: string, cloud?: 'Global' | 'China', extra: string[] = []): string {
  try {
    allowedOrgOrigin(value, { extraOrigins: extra }, cloud);
    return 'accepted';
  } catch (err) {
    if (err instanceof DataverseError) return err.code;
    throw err;
  }
}

describe('allowedOrgOrigin', () => {
  it('accepts Dataverse hosts of both clouds and keeps only the origin', () => {
    expect(allowedOrgOrigin('https://Contoso.crm.dynamics.com/api/data/v9.2/', STRICT_ORG_ORIGINS)).toBe('https://contoso.crm.dynamics.com');
    expect(allowedOrgOrigin('https://contoso.crm4.dynamics.com/main.aspx?appid=1', STRICT_ORG_ORIGINS, 'Global')).toBe('https://contoso.crm4.dynamics.com');
    expect(allowedOrgOrigin('https://contoso.api.crm5.dynamics.com', STRICT_ORG_ORIGINS)).toBe('https://contoso.api.crm5.dynamics.com');
    expect(allowedOrgOrigin('https://fabrikam.crm.dynamics.cn', STRICT_ORG_ORIGINS, 'China')).toBe('https://fabrikam.crm.dynamics.cn');
  });

  it('refuses every SSRF shape', () => {
    for (const url of [
      'http://contoso.crm.dynamics.com',
      'https://contoso.crm.dynamics.com:8443',
      'https://127.0.0.1',
      'https://[::1]',
      'http://169.254.169.254/metadata/instance',
      'https://relay.blob.core.windows.net',
      'https://contoso.crm.dynamics.com.evil.example',
      'https://evil.example/contoso.crm.dynamics.com',
      'https://a.b.crm.dynamics.com',
      'https://user:pw@contoso.crm.dynamics.com',
      'https://crm.dynamics.com',
      'file:///etc/passwd',
      'not a url',
    ]) {
      expect([url, code(url)]).not.toEqual([url, 'accepted']);
    }
    expect(code('http://127.0.0.1:7072')).toBe('EnvironmentUrlNotAllowed');
  });

  it('refuses a host of the other cloud', () => {
    expect(code('https://contoso.crm.dynamics.cn', 'Global')).toBe('CloudMismatch');
    expect(code('https://contoso.crm.dynamics.com', 'China')).toBe('CloudMismatch');
  });

  it('accepts extra origins only exactly as listed', () => {
    const extra = ['http://127.0.0.1:7072'];
    expect(code('http://127.0.0.1:7072/api/data/v9.2', undefined, extra)).toBe('accepted');
    expect(code('http://127.0.0.1:7073', undefined, extra)).toBe('EnvironmentUrlNotAllowed');
    expect(code('http://localhost:7072', undefined, extra)).toBe('EnvironmentUrlNotAllowed');
    expect(isAllowedOrgOrigin('http://127.0.0.1:7072', { extraOrigins: extra })).toBe(true);
    expect(isAllowedOrgOrigin('http://127.0.0.1:7072', STRICT_ORG_ORIGINS)).toBe(false);
  });
});

describe('parseOriginList', () => {
  it('reads origins separated by commas or spaces', () => {
    expect(parseOriginList('http://127.0.0.1:7072, http://localhost:8080/')).toEqual(['http://127.0.0.1:7072', 'http://localhost:8080']);
    expect(parseOriginList(undefined)).toEqual([]);
  });

  it('names the first entry that is not a bare origin', () => {
    expect(parseOriginList('http://127.0.0.1:7072,http://x.example/path')).toEqual({ invalid: 'http://x.example/path' });
    expect(parseOriginList('ftp://x.example')).toEqual({ invalid: 'ftp://x.example' });
  });
});
