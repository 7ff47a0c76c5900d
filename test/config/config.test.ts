import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('configuration', () => {
  it('when nothing is set, then defaults give a working local registry', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.databasePath).toBe('db/keurmerk.sqlite');
    expect(config.certificatesDir).toBe('certificates');
    expect(config.baseUrl).toBe('http://localhost:3000');
    expect(config.env).toBe('development');
    expect(config.passwordHashCost).toBe(15);
    expect(config.sqliteSynchronous).toBe('FULL');
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('when test registries lower the hash cost and skip fsync, then that is accepted outside production only', () => {
    const weakened = { PASSWORD_HASH_COST: '4', SQLITE_SYNCHRONOUS: 'OFF' };
    expect(loadConfig({ ...weakened, NODE_ENV: 'test' })).toMatchObject({
      passwordHashCost: 4,
      sqliteSynchronous: 'OFF',
    });
    expect(problems({ ...weakened, NODE_ENV: 'production' })).toEqual([
      'PASSWORD_HASH_COST: below 15 is for test registries, not production',
      'SQLITE_SYNCHRONOUS: OFF is for test registries, not production',
    ]);
  });

  it('when webhooks may reach private addresses, then that is for development and tests, never production', () => {
    expect(loadConfig({}).webhooksAllowPrivate).toBe(false);
    expect(loadConfig({ WEBHOOKS_ALLOW_PRIVATE: 'true', NODE_ENV: 'test' }).webhooksAllowPrivate).toBe(true);
    expect(problems({ WEBHOOKS_ALLOW_PRIVATE: 'true', NODE_ENV: 'production' })).toEqual([
      'WEBHOOKS_ALLOW_PRIVATE: true is for test registries, not production',
    ]);
    expect(problems({ WEBHOOKS_ALLOW_PRIVATE: 'yes' })[0]).toMatch(/^WEBHOOKS_ALLOW_PRIVATE:/);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['BASE_URL', 'not a url'],
    ['BASE_URL', 'ftp://files.example'],
    ['SESSION_SECRET', 'short'],
    ['LOG_LEVEL', 'loud'],
    ['NODE_ENV', 'staging'],
    ['DATABASE_PATH', ''],
    ['DEMO_DATA', 'yes'],
    ['PASSWORD_HASH_COST', '0'],
    ['PASSWORD_HASH_COST', '17'],
    ['SQLITE_SYNCHRONOUS', 'EXTRA'],
  ])('when %s=%s, then the message names that variable', (name, value) => {
    const found = problems({ [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${name}: `));
  });

  it('when several variables are wrong, then each gets its own message', () => {
    const found = problems({ PORT: '-1', LOG_LEVEL: 'x', BASE_URL: 'nope' });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual(['BASE_URL', 'LOG_LEVEL', 'PORT']);
  });

  it('when a P12 file is set without its password, then that is reported', () => {
    expect(problems({ SIGNING_P12_PATH: '/tmp/x.p12' })).toEqual([
      'SIGNING_P12_PASSWORD: required when SIGNING_P12_PATH is set',
    ]);
  });

  it('when BASE_URL has a trailing slash, then it is normalised', () => {
    expect(loadConfig({ BASE_URL: 'https://keurmerk.example/' }).baseUrl).toBe('https://keurmerk.example');
  });
});

describe('hardening settings', () => {
  it('when TRUST_PROXY is not set, then no proxy is trusted; a hop count or address list is passed on as given', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).trustProxy).toBe('loopback, 10.0.0.0/8');
    expect(problems({ TRUST_PROXY: 'every one; please' })[0]).toMatch(/^TRUST_PROXY: /);
  });

  it('when nothing is set, then a stopping server waits 30 s for its requests', () => {
    expect(loadConfig({}).shutdownTimeoutMs).toBe(30_000);
    expect(loadConfig({ SHUTDOWN_TIMEOUT_SECONDS: '5' }).shutdownTimeoutMs).toBe(5_000);
    expect(problems({ SHUTDOWN_TIMEOUT_SECONDS: '0' })[0]).toMatch(/^SHUTDOWN_TIMEOUT_SECONDS: /);
  });
});

describe('e-mail configuration', () => {
  it('when no SMTP server is set, then mail stays in the outbox and comes from the BASE_URL host', () => {
    const config = loadConfig({ BASE_URL: 'https://register.keurmerk.nl/' });
    expect(config.smtpUrl).toBeUndefined();
    expect(config.mailFrom).toBe('Keurmerk <noreply@register.keurmerk.nl>');
    expect(config.mailUnsubscribeTo).toBeUndefined();
  });

  it('when SMTP_URL, MAIL_FROM and MAIL_UNSUBSCRIBE_TO are set, then they are taken as given', () => {
    expect(
      loadConfig({
        SMTP_URL: 'smtps://mailer:secret@mail.example:465',
        MAIL_FROM: 'Keurmerk register <register@keurmerk.example>',
        MAIL_UNSUBSCRIBE_TO: 'afmelden@keurmerk.example',
      }),
    ).toMatchObject({
      smtpUrl: 'smtps://mailer:secret@mail.example:465',
      mailFrom: 'Keurmerk register <register@keurmerk.example>',
      mailUnsubscribeTo: 'afmelden@keurmerk.example',
    });
    expect(loadConfig({ MAIL_FROM: 'register@keurmerk.example' }).mailFrom).toBe('register@keurmerk.example');
  });

  it.each([
    ['SMTP_URL', 'http://mail.example'],
    ['SMTP_URL', 'mail.example:25'],
    ['MAIL_FROM', 'Keurmerk'],
    ['MAIL_FROM', 'a@b.example\r\nBcc: everyone@example.org'],
    ['MAIL_UNSUBSCRIBE_TO', 'not an address'],
  ])('when %s is %j, then the start is refused naming the variable', (name, value) => {
    const found = problems({ [name]: value });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(new RegExp(`^${name}: `));
  });
});
