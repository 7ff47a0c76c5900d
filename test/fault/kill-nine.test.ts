import { afterAll, describe, expect, it } from 'vitest';
import { operatorCli, type ServerProcess, serverEnv, startServerProcess } from '../support/server-process.js';
import { acknowledged, checkRegistry, prepareLoad, runLoad } from '../support/write-load.js';

/**
 * Issue 12, "Done when": the real server on a temp database, concurrent decisions, corrective
 * actions and complaints, `kill -9` at a random moment, restart; ten times over. Afterwards
 * every write the server acknowledged is there, the status histories are unbroken, the hash
 * chain verifies and every stored PDF is the file its row names.
 */
const CYCLES = 10;

let server: ServerProcess | undefined;
afterAll(async () => {
  await server?.kill9();
});

describe('kill -9 under write load', () => {
  it(`when the server is killed ${CYCLES} times mid-write, then every acknowledged write, history, chain entry and PDF survives`, async () => {
    const env = serverEnv();
    const fx = await prepareLoad(env);
    const ack = acknowledged();
    const perCycle: number[] = [];
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      server = await startServerProcess(env);
      const before = ack.count();
      const live = server;
      // A random moment once the load is under way: some writes done, others in flight.
      const kill = (async () => {
        while (ack.count() === before) await new Promise((resolve) => setTimeout(resolve, 10));
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 1_000));
        await live.kill9();
      })();
      await runLoad(live.port, fx, ack, kill);
      await kill;
      server = undefined;
      perCycle.push(ack.count() - before);
      const check = checkRegistry(env.DATABASE_PATH!, env.CERTIFICATES_DIR!, ack);
      expect(check.problems, `after kill ${cycle + 1}`).toEqual([]);
    }
    // The load did reach the server in every cycle, and decided audits issued signed PDFs.
    expect(
      perCycle.every((n) => n > 0),
      `acknowledged per cycle: ${perCycle}`,
    ).toBe(true);
    expect([...ack.audits.values()].filter((s) => s === 'decided').length).toBeGreaterThan(0);
    expect(ack.complaints.length).toBeGreaterThan(0);
    expect(ack.evidence.size).toBeGreaterThan(0);

    // A last start proves the registry comes up on what the crashes left, and answers the chain.
    server = await startServerProcess(env);
    expect(await server.stop()).toBe(0);
    server = undefined;
    const final = checkRegistry(env.DATABASE_PATH!, env.CERTIFICATES_DIR!, ack);
    expect(final.problems).toEqual([]);
    expect(final.documents).toBeGreaterThan(0);
    const verified = await operatorCli(env, ['log', 'verify']);
    expect(verified.stdout).toMatch(/^OK/);
    expect(verified.code).toBe(0);
  }, 90_000);
});
