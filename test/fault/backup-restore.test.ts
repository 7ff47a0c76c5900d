import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sendTo } from '../support/loopback-client.js';
import { operatorCli, type ServerProcess, serverEnv, startServerProcess } from '../support/server-process.js';
import { acknowledged, checkRegistry, prepareLoad, runLoad, snapshot } from '../support/write-load.js';

/**
 * Issue 12, "Done when": `keurmerk backup` while the server takes writes, then stop, `keurmerk
 * restore` and start again. The backup holds everything acknowledged before it began, its
 * histories, chain and PDFs are consistent, and the restored register serves and verifies.
 */
let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.kill9();
});

describe('backup under write load, then restore', () => {
  it('when a backup is taken mid-load and restored, then the register and its hash chain verify and the backup holds every write acknowledged before it', async () => {
    const env = serverEnv();
    const fx = await prepareLoad(env);
    const ack = acknowledged();
    const live = await startServerProcess(env);
    server = live;
    const backupFile = join(env.DATABASE_PATH!, '..', 'backup.sqlite');

    let endLoad!: () => void;
    const loadEnded = new Promise<void>((resolve) => {
      endLoad = resolve;
    });
    const load = runLoad(live.port, fx, ack, loadEnded);
    while (ack.count() < 20) await new Promise((resolve) => setTimeout(resolve, 10));
    const beforeBackup = snapshot(ack);
    const backup = await operatorCli(env, ['backup', backupFile]);
    // Writes go on for a while after the backup, so the live file moves past it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    endLoad();
    await load;
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(ack.count()).toBeGreaterThan(beforeBackup.count());

    // The backup alone: every write acknowledged before it, whole histories, files for its PDFs.
    const inBackup = checkRegistry(backupFile, env.CERTIFICATES_DIR!, beforeBackup);
    expect(inBackup.problems).toEqual([]);
    expect(await server.stop()).toBe(0);
    server = undefined;

    const restored = await operatorCli(env, ['restore', backupFile]);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const kept = /kept as (\S+)\.$/.exec(restored.stdout)?.[1];
    expect(kept && existsSync(kept)).toBe(true);
    // The live database as it was at the stop holds everything, and is kept beside the restore.
    expect(checkRegistry(kept!, env.CERTIFICATES_DIR!, ack).problems).toEqual([]);

    server = await startServerProcess(env);
    const port = server.port;
    const chain = await sendTo(port, false, { path: '/api/v1/events/verify' });
    expect(chain.status).toBe(200);
    expect(JSON.parse(chain.text)).toMatchObject({ ok: true, brokenAt: null });
    // Every centre certified before the backup is on the public register (plus the load's own).
    const register = await sendTo(port, false, { path: '/api/v1/centres' });
    expect(register.status).toBe(200);
    const decided = [...beforeBackup.audits.values()].filter((state) => state === 'decided').length;
    expect((JSON.parse(register.text) as { total: number }).total).toBeGreaterThanOrEqual(decided + 1);
    expect(await server.stop()).toBe(0);
    server = undefined;
    const verified = await operatorCli(env, ['log', 'verify']);
    expect(verified.stdout).toMatch(/^OK/);
    expect(verified.code).toBe(0);
  }, 60_000);
});
