import { createHash } from 'node:crypto';
import { grantsOf, parseApiKeys } from '../src/apiKeys';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('FLUXA_API_KEYS', () => {
  it('reads a bare key as the default tenant with every scope, and a key@tenant:scopes entry as given', () => {
    // Act
    const keys = parseApiKeys(' plain , k2@acme:read , k3@globex:write+read');

    // Assess
    expect(keys).toEqual([
      {
        key: 'plain',
        grant: { client: 'local-1', tenant_id: 'default', scopes: ['write', 'read'] },
      },
      { key: 'k2', grant: { client: 'local-2', tenant_id: 'acme', scopes: ['read'] } },
      { key: 'k3', grant: { client: 'local-3', tenant_id: 'globex', scopes: ['write', 'read'] } },
    ]);
  });

  it('keeps an @ inside a key: the tenant follows the last one', () => {
    // Act
    const [key] = parseApiKeys('me@example@acme:write');

    // Assess
    expect(key?.key).toBe('me@example');
    expect(key?.grant.tenant_id).toBe('acme');
  });

  it('names grants by the SHA-256 of each key, never the key itself', () => {
    // Act
    const grants = grantsOf(parseApiKeys('k1@acme:write,k2'));

    // Assess
    expect(Object.keys(grants)).toEqual([sha256('k1'), sha256('k2')]);
    expect(JSON.stringify(grants)).not.toMatch(/"k[12]"/);
  });

  it.each([
    ['a tenant id with upper case', 'secret@Acme:write', 'entry 1: "Acme" is not a tenant id'],
    ['a tenant id too long', `secret@${'a'.repeat(65)}:write`, 'is not a tenant id'],
    [
      'an unknown scope',
      'secret@acme:write+admin',
      'entry 1: "admin" is not a scope (write, read, replay, erase)',
    ],
    ['no scopes', 'secret@acme', 'must be <key> or <key>@<tenant>:<scope>[+<scope>]'],
    ['an empty scope list', 'secret@acme:', 'must be <key> or <key>@<tenant>:<scope>[+<scope>]'],
    ['no key', '@acme:read', 'entry 1 has no key before @'],
    ['a repeated key', 'ok,secret@acme:read,secret', 'entry 3 repeats an earlier key'],
  ])('refuses %s, naming the entry and not the key', (_label, spec, message) => {
    // Act
    const parse = () => parseApiKeys(spec);

    // Assess
    expect(parse).toThrow(message);
    expect(parse).not.toThrow(/secret/);
  });
});
