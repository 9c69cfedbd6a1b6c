import { describe, expect, it } from 'vitest';
import { guid, uuidV5 } from './uuid.js';

describe('uuidV5', () => {
  it('matches the RFC 4122 name-based algorithm (Python uuid5(NAMESPACE_DNS, "python.org"))', () => {
    expect(uuidV5('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('gives the same braced GUID for the same component and different ones otherwise', () => {
    expect(guid('form', 'wxm_message_main')).toBe(guid('form', 'wxm_message_main'));
    expect(guid('form', 'wxm_message_main')).not.toBe(guid('view', 'wxm_message_main'));
    expect(guid('form', 'wxm_message_main')).toMatch(/^\{[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\}$/);
  });
});
