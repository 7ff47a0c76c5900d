import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, GENESIS_HASH, hashEvent, verifyChain, type ChainEntry } from '../../src/domain/hash-chain.js';

type Draft = { actor: string | null; action: string; subject: string; payload: unknown };

function buildChain(drafts: Draft[]): ChainEntry[] {
  const entries: ChainEntry[] = [];
  for (const [index, draft] of drafts.entries()) {
    const fields = {
      ...draft,
      seq: index + 1,
      at: new Date(Date.UTC(2026, 0, 1) + index * 60_000).toISOString(),
      prevHash: entries.at(-1)?.hash ?? GENESIS_HASH,
    };
    entries.push({ ...fields, hash: hashEvent(fields) });
  }
  return entries;
}

const draftArb: fc.Arbitrary<Draft> = fc.record({
  actor: fc.option(fc.emailAddress(), { nil: null }),
  action: fc.constantFrom('certificate.suspended', 'certificate.issued', 'audit.decided', 'user.created'),
  subject: fc.string({ minLength: 1, maxLength: 20 }),
  payload: fc.jsonValue(),
});
const chainArb = fc.array(draftArb, { minLength: 2, maxLength: 12 }).map(buildChain);

describe('canonicalJson', () => {
  it('when keys come in another order, then the encoding is the same', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { z: null, y: 'x' }], c: true } })).toBe(
      canonicalJson({ a: { c: true, d: [1, { y: 'x', z: null }] }, b: 1 }),
    );
    expect(canonicalJson({ b: 1, a: [2, 'é'] })).toBe('{"a":[2,"é"],"b":1}');
  });

  it('when any JSON value is encoded, then parsing it gives the value back (JSON has no -0)', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('when a value cannot round-trip through JSON, then it is rejected', () => {
    expect(() => canonicalJson({ a: undefined })).toThrow(TypeError);
    expect(() => canonicalJson([Number.NaN])).toThrow(TypeError);
    expect(() => canonicalJson(Number.POSITIVE_INFINITY)).toThrow(TypeError);
    expect(() => canonicalJson({ at: new Date() })).toThrow(TypeError);
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
  });
});

describe('verifyChain', () => {
  it('when the log is empty, then it is intact with the genesis head', () => {
    expect(verifyChain([])).toEqual({ ok: true, length: 0, head: GENESIS_HASH, brokenAt: null });
  });

  it('when nothing was touched, then the chain is intact and the head is the last hash', () => {
    fc.assert(
      fc.property(chainArb, (chain) => {
        expect(verifyChain(chain)).toEqual({
          ok: true,
          length: chain.length,
          head: chain.at(-1)!.hash,
          brokenAt: null,
        });
      }),
    );
  });

  it('when any field of one entry is changed, then that entry is reported broken', () => {
    const fields = ['seq', 'at', 'actor', 'action', 'subject', 'payload', 'prevHash', 'hash'] as const;
    fc.assert(
      fc.property(chainArb, fc.nat(), fc.constantFrom(...fields), (chain, pick, field) => {
        const index = pick % chain.length;
        const tampered = chain.map((entry) => ({ ...entry }));
        const entry = tampered[index]!;
        const original = entry[field];
        (entry as Record<string, unknown>)[field] =
          field === 'seq' ? entry.seq + 1 : field === 'payload' ? { was: original ?? null } : `${String(original)}x`;
        expect(verifyChain(tampered)).toMatchObject({ ok: false, brokenAt: entry.seq });
      }),
    );
  });

  it('when an entry other than the last is deleted, then the chain breaks at the entry after it', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), (chain, pick) => {
        const index = pick % (chain.length - 1);
        const shortened = chain.filter((_, i) => i !== index);
        expect(verifyChain(shortened)).toMatchObject({ ok: false, brokenAt: chain[index + 1]!.seq });
      }),
    );
  });

  it('when the last entry is deleted, then the head and length change, which is how a published head reveals it', () => {
    fc.assert(
      fc.property(chainArb, (chain) => {
        const result = verifyChain(chain.slice(0, -1));
        expect(result.head).not.toBe(verifyChain(chain).head);
        expect(result.length).toBe(chain.length - 1);
      }),
    );
  });

  it('when two entries are swapped, then the chain is broken', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), fc.nat(), (chain, a, b) => {
        const i = a % chain.length;
        const j = b % chain.length;
        fc.pre(i !== j);
        const swapped = [...chain];
        [swapped[i], swapped[j]] = [swapped[j]!, swapped[i]!];
        expect(verifyChain(swapped)).toMatchObject({ ok: false, brokenAt: swapped[Math.min(i, j)]!.seq });
      }),
    );
  });

  it('when a well-formed entry is inserted, then the chain breaks after it', () => {
    fc.assert(
      fc.property(chainArb, fc.nat(), draftArb, (chain, pick, draft) => {
        const index = pick % chain.length;
        const prev = chain[index - 1]?.hash ?? GENESIS_HASH;
        const fields = { ...draft, seq: index + 1, at: chain[index]!.at, prevHash: prev };
        const forged = { ...fields, hash: hashEvent(fields) };
        const withForgery = [...chain.slice(0, index), forged, ...chain.slice(index)];
        expect(verifyChain(withForgery)).toMatchObject({ ok: false, brokenAt: chain[index]!.seq });
      }),
    );
  });
});
