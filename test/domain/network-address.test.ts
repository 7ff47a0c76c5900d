import { BlockList, isIP } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyAddress, isPublicAddress, parseAddress } from '../../src/domain/network-address.js';

/**
 * The SSRF guard's address classification, checked against Node's own address code as an
 * independent oracle: `net.isIP` for what is an address, `net.BlockList` for range matching and
 * the URL parser for IPv6 normal forms.
 */

const v4 = (a: number, b: number, c: number, d: number) => `${a}.${b}.${c}.${d}`;
const byte = fc.integer({ min: 0, max: 255 });
const inV4 = (first: number, secondMin = 0, secondMax = 255) =>
  fc.tuple(fc.integer({ min: secondMin, max: secondMax }), byte, byte).map(([b, c, d]) => v4(first, b, c, d));
const hex = (n: number) => n.toString(16);
const mapped = (address: string) => {
  const [a, b, c, d] = address.split('.').map(Number) as [number, number, number, number];
  return [`::ffff:${address}`, `::ffff:${hex((a << 8) | b)}:${hex((c << 8) | d)}`, `0:0:0:0:0:ffff:${address}`];
};

const notPublic = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.88.99.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 3],
] as const) {
  notPublic.addSubnet(net, bits, 'ipv4');
}

describe('classifyAddress', () => {
  it('when an IPv4 address is in a private, loopback, link-local, CGNAT or multicast range, then it says which', () => {
    const cases: [fc.Arbitrary<string>, string][] = [
      [inV4(10), 'private'],
      [inV4(172, 16, 31), 'private'],
      [inV4(192, 168, 168), 'private'],
      [inV4(127), 'loopback'],
      [inV4(169, 254, 254), 'link_local'],
      [inV4(100, 64, 127), 'cgnat'],
      [fc.tuple(fc.integer({ min: 224, max: 239 }), byte, byte, byte).map((t) => v4(...t)), 'multicast'],
      [inV4(0), 'unspecified'],
    ];
    for (const [addresses, kind] of cases) {
      fc.assert(
        fc.property(addresses, (address) => {
          expect(classifyAddress(address)).toBe(kind);
        }),
      );
    }
  });

  it('when any IPv4 address is classified, then it is public exactly when no special range holds it', () => {
    fc.assert(
      fc.property(fc.ipV4(), (address) => {
        expect(isPublicAddress(address)).toBe(!notPublic.check(address, 'ipv4'));
      }),
      { numRuns: 5000 },
    );
  });

  it('when an IPv4 address is written IPv4-mapped (dotted or in hex), then it is the same kind as the address itself', () => {
    fc.assert(
      fc.property(fc.ipV4(), (address) => {
        for (const form of mapped(address)) expect(classifyAddress(form), form).toBe(classifyAddress(address));
      }),
    );
    expect(classifyAddress('::ffff:127.0.0.1')).toBe('loopback');
    expect(classifyAddress('::ffff:a9fe:a9fe')).toBe('link_local');
  });

  it('when an IPv6 address is in unique-local, link-local or multicast space, or is ::1 or ::, then it says so', () => {
    const group = fc.integer({ min: 0, max: 0xffff }).map(hex);
    const rest = fc.array(group, { minLength: 7, maxLength: 7 }).map((g) => g.join(':'));
    const cases: [fc.Arbitrary<string>, string][] = [
      [fc.tuple(fc.integer({ min: 0xfc00, max: 0xfdff }), rest).map(([h, r]) => `${hex(h)}:${r}`), 'unique_local'],
      [fc.tuple(fc.integer({ min: 0xfe80, max: 0xfebf }), rest).map(([h, r]) => `${hex(h)}:${r}`), 'link_local'],
      [fc.tuple(fc.integer({ min: 0xff00, max: 0xffff }), rest).map(([h, r]) => `${hex(h)}:${r}`), 'multicast'],
    ];
    for (const [addresses, kind] of cases) {
      fc.assert(
        fc.property(addresses, (address) => {
          expect(classifyAddress(address), address).toBe(kind);
        }),
      );
    }
    expect(classifyAddress('::1')).toBe('loopback');
    expect(classifyAddress('0:0:0:0:0:0:0:1')).toBe('loopback');
    expect(classifyAddress('::')).toBe('unspecified');
    expect(classifyAddress('[fe80::1%25eth0]')).toBe('link_local');
    expect(classifyAddress('2606:4700:4700::1111')).toBe('public');
  });

  it('when an IPv6 address is written another way (compressed, expanded, upper case), then its kind is the same', () => {
    fc.assert(
      fc.property(fc.ipV6(), (address) => {
        const normal = new URL(`http://[${address}]/`).hostname.slice(1, -1);
        expect(classifyAddress(address.toUpperCase())).toBe(classifyAddress(normal));
      }),
      { numRuns: 3000 },
    );
  });

  it('when text is or is not an address, then parsing agrees with node:net', () => {
    const candidates = fc.oneof(
      fc.ipV4(),
      fc.ipV6(),
      fc.ipV4Extended(),
      fc.string({ maxLength: 40 }),
      fc.stringMatching(/^[0-9a-f:.]{0,45}$/),
    );
    fc.assert(
      fc.property(candidates, (text) => {
        expect(parseAddress(text) !== null, text).toBe(isIP(text.trim()) !== 0);
      }),
      { numRuns: 5000 },
    );
  });

  it('when the text is not an address, then it is invalid, never public', () => {
    for (const text of ['', 'localhost', '1.2.3', '1.2.3.4.5', '01.2.3.4', '256.1.1.1', '1::2::3', 'gggg::1', ':::']) {
      expect(classifyAddress(text), text).toBe('invalid');
    }
  });
});
