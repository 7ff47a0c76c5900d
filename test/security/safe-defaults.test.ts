import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertNoDemoAccounts, seedDemoOnFirstStart } from '../../src/bootstrap.js';
import { ConfigError, loadConfig, StartupError } from '../../src/config.js';
import { demoUsers } from '../../src/services/demo-centres.js';
import { createTestRegistry, type TestRegistry } from '../support/registry.js';

/** Finding 1: an empty production database must never become a demo register with public passwords. */
let r: TestRegistry;
const lines: string[] = [];
beforeAll(async () => {
  r = createTestRegistry();
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  await seedDemoOnFirstStart(r, r.config, r.clock, pino({ level: 'trace' }, sink));
}, 60_000);
afterAll(() => r.close());

describe('safe defaults', () => {
  it('when NODE_ENV=production and DEMO_DATA is not set, then no demo data is loaded; elsewhere it is', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).demoData).toBe(false);
    expect(loadConfig({ NODE_ENV: 'development' }).demoData).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production', DEMO_DATA: 'false' }).demoData).toBe(false);
  });

  it('when production asks for DEMO_DATA=true, then the configuration is refused and says why', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DEMO_DATA: 'true' })).toThrow(ConfigError);
    try {
      loadConfig({ NODE_ENV: 'production', DEMO_DATA: 'true' });
    } catch (err) {
      expect((err as ConfigError).problems).toEqual(['DEMO_DATA: true is for test registries, not production']);
    }
  });

  it('when the demo register is loaded, then no password is written to the log, at any level', () => {
    const log = lines.join('');
    expect(log).toContain('Demo register loaded');
    expect(log).toContain('README');
    expect(log).toContain(demoUsers[0].email);
    for (const demo of demoUsers) expect(log).not.toContain(demo.password);
  });

  it('when production starts with enabled demo accounts, then it refuses in one line naming them; disabled, it starts', () => {
    const production = { ...r.config, isProduction: true, env: 'production' as const };
    let message = '';
    try {
      assertNoDemoAccounts(r, production);
    } catch (err) {
      expect(err).toBeInstanceOf(StartupError);
      message = (err as Error).message;
    }
    expect(message).toMatch(/^Refusing to serve in production: demo account\(s\) admin@keurmerk\.example, /);
    expect(message).not.toContain('\n');
    expect(message).toContain('keurmerk user disable --email');
    expect(() => assertNoDemoAccounts(r, r.config)).not.toThrow();
    for (const demo of demoUsers) {
      const user = r.services.users.findByEmail(demo.email)!;
      r.services.users.setDisabled(user.id, true, 'cli');
    }
    expect(() => assertNoDemoAccounts(r, production)).not.toThrow();
  });
});
