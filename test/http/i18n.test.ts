import { describe, expect, it } from 'vitest';
import { loadMessages } from '../../src/web/i18n.js';

describe('message files', () => {
  it('when a key exists in Dutch, then it exists in English too, and the other way round', () => {
    const nl = [...loadMessages('nl').keys()].sort();
    const en = [...loadMessages('en').keys()].sort();
    expect(en).toEqual(nl);
  });

  it('when placeholders are used, then both languages use the same ones', () => {
    const nl = loadMessages('nl');
    const en = loadMessages('en');
    const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, text] of nl) expect(names(en.get(key) ?? ''), key).toEqual(names(text));
  });
});
