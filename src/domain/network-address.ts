/**
 * What kind of network an IP address belongs to, so a webhook is never pointed at the
 * registry's own machine or network (server-side request forgery). Pure: the caller resolves a
 * host name and asks about every address it got.
 */

export const addressKinds = [
  'public',
  'private',
  'loopback',
  'link_local',
  'unique_local',
  'cgnat',
  'multicast',
  'unspecified',
  'reserved',
  'invalid',
] as const;
export type AddressKind = (typeof addressKinds)[number];

/** Only public addresses may receive webhooks; everything else is someone's internal network. */
export const isPublicAddress = (address: string): boolean => classifyAddress(address) === 'public';

/** The parsed address: 4 bytes for IPv4, 16 for IPv6; null when the text is not an address. */
export function parseAddress(text: string): number[] | null {
  // A zone index (fe80::1%eth0) names an interface, not another address.
  const bare = text
    .trim()
    .replace(/^\[|\]$/g, '')
    .split('%')[0]!;
  return bare.includes(':') ? parseIpv6(bare) : parseIpv4(bare);
}

function parseIpv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = parts.map((p) => (/^(0|[1-9]\d{0,2})$/.test(p) ? Number(p) : Number.NaN));
  return bytes.every((b) => b >= 0 && b <= 255) ? bytes : null;
}

function parseIpv6(text: string): number[] | null {
  // An embedded IPv4 address in the last 32 bits (::ffff:10.0.0.1) becomes two hex groups.
  const lastColon = text.lastIndexOf(':');
  const last = text.slice(lastColon + 1);
  if (last.includes('.')) {
    const inner = parseIpv4(last);
    if (!inner) return null;
    const hex = (hi: number, lo: number) => ((hi << 8) | lo).toString(16);
    return parseIpv6(`${text.slice(0, lastColon + 1)}${hex(inner[0]!, inner[1]!)}:${hex(inner[2]!, inner[3]!)}`);
  }
  const halves = text.split('::');
  if (halves.length > 2) return null;
  const groups = (s: string) => (s === '' ? [] : s.split(':'));
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  const given = left.length + right.length;
  if (halves.length === 1 ? given !== 8 : given > 7) return null;
  const all = [...left, ...Array<string>(8 - given).fill('0'), ...right];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  return all.flatMap((g) => {
    const n = Number.parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
}

interface Range {
  prefix: number[];
  bits: number;
  kind: AddressKind;
}

const v4 = (text: string, bits: number, kind: AddressKind): Range => ({ prefix: parseIpv4(text)!, bits, kind });
const v6 = (text: string, bits: number, kind: AddressKind): Range => ({ prefix: parseIpv6(text)!, bits, kind });

// IANA's special-purpose registries; the first matching range wins, so narrower ranges first.
const ipv4Ranges: Range[] = [
  v4('0.0.0.0', 8, 'unspecified'),
  v4('10.0.0.0', 8, 'private'),
  v4('100.64.0.0', 10, 'cgnat'),
  v4('127.0.0.0', 8, 'loopback'),
  v4('169.254.0.0', 16, 'link_local'),
  v4('172.16.0.0', 12, 'private'),
  v4('192.0.0.0', 24, 'reserved'),
  v4('192.0.2.0', 24, 'reserved'),
  v4('192.88.99.0', 24, 'reserved'),
  v4('192.168.0.0', 16, 'private'),
  v4('198.18.0.0', 15, 'reserved'),
  v4('198.51.100.0', 24, 'reserved'),
  v4('203.0.113.0', 24, 'reserved'),
  v4('224.0.0.0', 4, 'multicast'),
  v4('240.0.0.0', 4, 'reserved'),
];

const ipv6Ranges: Range[] = [
  v6('::', 128, 'unspecified'),
  v6('::1', 128, 'loopback'),
  v6('64:ff9b:1::', 48, 'private'),
  v6('100::', 64, 'reserved'),
  v6('2001:db8::', 32, 'reserved'),
  v6('fc00::', 7, 'unique_local'),
  v6('fe80::', 10, 'link_local'),
  // Site-local addresses are deprecated but still routed inside some networks.
  v6('fec0::', 10, 'private'),
  v6('ff00::', 8, 'multicast'),
  // IPv4-compatible addresses (deprecated): never a public destination.
  v6('::', 96, 'reserved'),
];

/** IPv6 forms that carry an IPv4 address a packet ends up at: mapped, NAT64 and 6to4. */
function embeddedIpv4(bytes: number[]): number[] | null {
  const startsWith = (prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
  if (startsWith([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff])) return bytes.slice(12);
  if (startsWith([0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0])) return bytes.slice(12);
  if (startsWith([0x20, 0x02])) return bytes.slice(2, 6);
  return null;
}

function inRange(bytes: number[], range: Range): boolean {
  for (let bit = 0; bit < range.bits; bit++) {
    const byte = bit >> 3;
    const mask = 0x80 >> (bit & 7);
    if ((bytes[byte]! & mask) !== (range.prefix[byte]! & mask)) return false;
  }
  return true;
}

export function classifyAddress(text: string): AddressKind {
  const bytes = parseAddress(text);
  if (!bytes) return 'invalid';
  if (bytes.length === 16) {
    const inner = embeddedIpv4(bytes);
    if (inner) return classifyBytes(inner, ipv4Ranges);
    return classifyBytes(bytes, ipv6Ranges);
  }
  return classifyBytes(bytes, ipv4Ranges);
}

function classifyBytes(bytes: number[], ranges: Range[]): AddressKind {
  if (bytes.length === 4 && bytes.every((b) => b === 255)) return 'reserved';
  return ranges.find((range) => inRange(bytes, range))?.kind ?? 'public';
}
