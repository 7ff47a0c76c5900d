import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';

const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

// OWASP's scrypt recommendation (N=2^17, r=8, p=1) needs 128 MiB per hash; 2^15 keeps a login
// near 50 ms on these machines while staying far beyond brute-force reach.
export const DEFAULT_PASSWORD_HASH_COST = 15;

/** Every setting of the registry, read from the environment once at start. */
const envSchema = z.object({
  // Port of the HTTP server.
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  // Interface to listen on; localhost by default so a dev machine does not expose the registry.
  HOST: z.string().min(1).default('localhost'),
  // SQLite database file; created and migrated on start.
  DATABASE_PATH: z.string().min(1).default('db/keurmerk.sqlite'),
  // Where issued certificate PDFs are stored (content-addressed).
  CERTIFICATES_DIR: z.string().min(1).default('certificates'),
  // Where evidence files (photos, PDFs, spreadsheets of audits and corrective actions) are
  // stored, content-addressed; outside the web root. Default: `evidence/` next to the database.
  EVIDENCE_DIR: z.string().min(1).optional(),
  // Limits on evidence files: per file, files per checklist item or corrective action, and all
  // files of one audit together (its checklist and its corrective actions).
  EVIDENCE_MAX_FILE_MB: z.coerce.number().positive().max(100).default(10),
  EVIDENCE_MAX_FILES_PER_ITEM: z.coerce.number().int().min(1).max(100).default(10),
  EVIDENCE_MAX_AUDIT_MB: z.coerce.number().positive().max(10_000).default(200),
  // Public address of the registry: used in QR codes, seals and the OpenAPI document.
  BASE_URL: z.url({ protocol: /^https?$/ }).default('http://localhost:3000'),
  // Signs session cookies; generated and kept in the database when absent.
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  // PKCS#12 file with the signing key and certificate; without it a registry CA is generated.
  SIGNING_P12_PATH: z.string().min(1).optional(),
  SIGNING_P12_PASSWORD: z.string().optional(),
  // Where a generated registry CA and signing key are kept (outside the repository).
  KEYS_DIR: z
    .string()
    .min(1)
    .default(join(homedir(), '.keurmerk', 'keys')),
  LOG_LEVEL: z.enum(logLevels).default('info'),
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  // Load the demo register (with its published passwords) into an empty database on start.
  // Defaults to on outside production and off in it; production refuses it outright.
  DEMO_DATA: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true')),
  // Which proxies' X-Forwarded-For/-Proto to believe: 'false' (the default: nobody, so a client
  // cannot choose its own address for the rate limits), a hop count such as '1', or a
  // comma-separated list of addresses, subnets or the names loopback/linklocal/uniquelocal.
  TRUST_PROXY: z
    .string()
    .trim()
    .regex(/^(false|true|\d{1,2}|[0-9A-Za-z.:/]+(\s*,\s*[0-9A-Za-z.:/]+)*)$/, 'false, a hop count or addresses')
    .default('false'),
  // How long a stopping server waits for requests it has received before cutting them off.
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
  // log2 of scrypt's cost N for new password hashes. Every stored hash carries its own
  // parameters, so changing this never locks anyone out. Below the default is for throwaway test
  // registries only (a hash at 4 takes 0.1 ms instead of 50-100 ms) and refused in production.
  PASSWORD_HASH_COST: z.coerce.number().int().min(1).max(16).default(DEFAULT_PASSWORD_HASH_COST),
  // SQLite `synchronous` pragma. FULL (the default) means a confirmed decision survives a power
  // cut; NORMAL or OFF skip fsyncs and suit only databases that may be lost, like test registries.
  SQLITE_SYNCHRONOUS: z.enum(['FULL', 'NORMAL', 'OFF']).default('FULL'),
  // SMTP server that delivers the registry's e-mail, e.g. smtps://user:pass@mail.example:465 or
  // smtp://mail.example:587 (STARTTLS when offered). Without it messages stay in the outbox
  // (/admin/outbox), never dropped.
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }).optional(),
  // Sender of every message: an address, optionally with a name ("Keurmerk <noreply@…>").
  MAIL_FROM: z
    .string()
    .trim()
    .regex(/^([^<>@\r\n]*<[^<>@\s]+@[^<>@\s]+>|[^<>@\s]+@[^<>@\s]+)$/, 'an address, or "Name <address>"')
    .optional(),
  // Mailbox that handles unsubscribe requests by mail (the List-Unsubscribe mailto); without it
  // only the one-click HTTPS link is offered.
  MAIL_UNSUBSCRIBE_TO: z.email().optional(),
  // Lets webhooks go to private, loopback and link-local addresses (and plain HTTP to this
  // machine): for development and tests with a receiver on 127.0.0.1 only; refused in production,
  // where it would let anyone make the registry call into its own network.
  WEBHOOKS_ALLOW_PRIVATE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  // Worker threads that answer register searches, each on its own read-only connection, so a
  // search never holds the event loop that serves seals and pages. 0 searches on the main
  // thread (an in-memory database always does).
  SEARCH_THREADS: z.coerce.number().int().min(0).max(16).default(2),
});

export type Env = z.infer<typeof envSchema>;

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly databasePath: string;
  readonly certificatesDir: string;
  readonly evidenceDir: string;
  readonly evidenceLimits: { readonly fileBytes: number; readonly filesPerItem: number; readonly auditBytes: number };
  readonly baseUrl: string;
  readonly sessionSecret: string | undefined;
  readonly signingP12Path: string | undefined;
  readonly signingP12Password: string | undefined;
  readonly keysDir: string;
  readonly logLevel: (typeof logLevels)[number];
  readonly env: 'development' | 'production' | 'test';
  readonly isProduction: boolean;
  readonly demoData: boolean;
  /** Express's `trust proxy` value: false, a hop count or a list of trusted addresses. */
  readonly trustProxy: boolean | number | string;
  readonly shutdownTimeoutMs: number;
  readonly passwordHashCost: number;
  readonly sqliteSynchronous: 'FULL' | 'NORMAL' | 'OFF';
  readonly smtpUrl: string | undefined;
  readonly mailFrom: string;
  readonly mailUnsubscribeTo: string | undefined;
  readonly webhooksAllowPrivate: boolean;
  readonly searchThreads: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment; throws ConfigError with one line per bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const e = parsed.data;
  if (e.SIGNING_P12_PATH && e.SIGNING_P12_PASSWORD === undefined) {
    throw new ConfigError(['SIGNING_P12_PASSWORD: required when SIGNING_P12_PATH is set']);
  }
  const weakening = [
    e.PASSWORD_HASH_COST < DEFAULT_PASSWORD_HASH_COST && `PASSWORD_HASH_COST: below ${DEFAULT_PASSWORD_HASH_COST}`,
    e.SQLITE_SYNCHRONOUS !== 'FULL' && `SQLITE_SYNCHRONOUS: ${e.SQLITE_SYNCHRONOUS}`,
    // The demo register's passwords are in the README: a production registry must never have them.
    e.DEMO_DATA === true && 'DEMO_DATA: true',
    e.WEBHOOKS_ALLOW_PRIVATE && 'WEBHOOKS_ALLOW_PRIVATE: true',
  ].filter((problem) => problem !== false);
  if (e.NODE_ENV === 'production' && weakening.length > 0) {
    throw new ConfigError(weakening.map((problem) => `${problem} is for test registries, not production`));
  }
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    databasePath: e.DATABASE_PATH,
    certificatesDir: e.CERTIFICATES_DIR,
    evidenceDir: e.EVIDENCE_DIR ?? join(dirname(e.DATABASE_PATH), 'evidence'),
    evidenceLimits: Object.freeze({
      fileBytes: Math.round(e.EVIDENCE_MAX_FILE_MB * 1024 * 1024),
      filesPerItem: e.EVIDENCE_MAX_FILES_PER_ITEM,
      auditBytes: Math.round(e.EVIDENCE_MAX_AUDIT_MB * 1024 * 1024),
    }),
    baseUrl: e.BASE_URL.replace(/\/+$/, ''),
    sessionSecret: e.SESSION_SECRET,
    signingP12Path: e.SIGNING_P12_PATH,
    signingP12Password: e.SIGNING_P12_PASSWORD,
    keysDir: e.KEYS_DIR,
    logLevel: e.LOG_LEVEL,
    env: e.NODE_ENV,
    isProduction: e.NODE_ENV === 'production',
    demoData: e.DEMO_DATA ?? e.NODE_ENV !== 'production',
    trustProxy: trustProxyValue(e.TRUST_PROXY),
    shutdownTimeoutMs: e.SHUTDOWN_TIMEOUT_SECONDS * 1000,
    passwordHashCost: e.PASSWORD_HASH_COST,
    sqliteSynchronous: e.SQLITE_SYNCHRONOUS,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM ?? `Keurmerk <noreply@${new URL(e.BASE_URL).hostname}>`,
    mailUnsubscribeTo: e.MAIL_UNSUBSCRIBE_TO,
    webhooksAllowPrivate: e.WEBHOOKS_ALLOW_PRIVATE,
    searchThreads: e.SEARCH_THREADS,
  });
}

/** 'true' trusts every hop (only behind a proxy that overwrites the header); digits are a hop count. */
function trustProxyValue(raw: string): boolean | number | string {
  if (raw === 'false') return false;
  if (raw === 'true') return true;
  return /^\d+$/.test(raw) ? Number(raw) : raw;
}

/** Why the server will not start, in one line (no stack): printed by main.ts and the CLI. */
export class StartupError extends Error {
  override name = 'StartupError';
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url');
}
