import { describe, expect, it } from 'vitest';
import { DEFAULT_PASSWORD_HASH_COST } from '../../src/config.js';
import { passwordHasher } from '../../src/services/passwords.js';

describe('password hashes', () => {
  it('when the configured cost changes, then hashes made at any earlier cost still verify', async () => {
    const cheap = passwordHasher(4);
    const full = passwordHasher(DEFAULT_PASSWORD_HASH_COST);
    const stored = [cheap.hash('correct horse'), full.hash('correct horse')];
    expect(stored[0]).toMatch(/^scrypt\$16\$8\$1\$/);
    expect(stored[1]).toMatch(/^scrypt\$32768\$8\$1\$/);
    for (const hasher of [cheap, full]) {
      for (const hash of stored) {
        expect(await hasher.verify('correct horse', hash)).toBe(true);
        expect(await hasher.verify('wrong horse', hash)).toBe(false);
      }
    }
  });

  it('when the e-mail is unknown, then the stand-in hash has the configured cost', () => {
    expect(passwordHasher(5).dummyHash()).toMatch(/^scrypt\$32\$/);
  });

  it('when a cost is out of range, then the hasher refuses it', () => {
    for (const cost of [0, 17, 4.5]) expect(() => passwordHasher(cost)).toThrow(RangeError);
  });
});
