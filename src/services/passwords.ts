import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { DEFAULT_PASSWORD_HASH_COST } from '../config.js';

const KEY_LENGTH = 32;
const BLOCK_SIZE = 8;
const PARALLELISM = 1;
// Enough for N=2^16 with r=8 (64 MiB); a stored hash asking for more is refused, not computed.
const MAX_MEMORY = 128 * 1024 * 1024;

/** `scrypt$N$r$p$salt$key`: the hash names its parameters, so any cost verifies. */
function hashPassword(password: string, cost: number): string {
  const salt = randomBytes(16);
  const N = 2 ** cost;
  const key = scryptSync(password.normalize('NFKC'), salt, KEY_LENGTH, {
    N,
    r: BLOCK_SIZE,
    p: PARALLELISM,
    maxmem: MAX_MEMORY,
  });
  return `scrypt$${N}$${BLOCK_SIZE}$${PARALLELISM}$${salt.toString('base64')}$${key.toString('base64')}`;
}

async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !key) return false;
  const expected = Buffer.from(key, 'base64');
  const actual = await new Promise<Buffer>((resolve, reject) =>
    scrypt(
      password.normalize('NFKC'),
      Buffer.from(salt, 'base64'),
      expected.length,
      { N: Number(n), r: Number(r), p: Number(p), maxmem: MAX_MEMORY },
      (err, derived) => (err ? reject(err) : resolve(derived)),
    ),
  );
  return timingSafeEqual(actual, expected);
}

/**
 * Password hashing at the configured cost (PASSWORD_HASH_COST, log2 of scrypt's N) for new
 * hashes; existing hashes keep verifying at the cost they name.
 */
export function passwordHasher(cost: number = DEFAULT_PASSWORD_HASH_COST) {
  if (!Number.isInteger(cost) || cost < 1 || cost > 16) throw new RangeError(`Unusable scrypt cost 2^${cost}`);
  // Compared against when the e-mail is unknown, so the answer takes as long as for a known
  // one and timing reveals nothing; made on first use, at this hasher's cost.
  let dummy: string | undefined;
  return {
    cost,
    hash: (password: string) => hashPassword(password, cost),
    verify: verifyPassword,
    dummyHash: () => {
      dummy ??= hashPassword(randomBytes(16).toString('hex'), cost);
      return dummy;
    },
  };
}

export type PasswordHasher = ReturnType<typeof passwordHasher>;
