import type { Config } from '../config.js';
import type { Centre } from '../persistence/centre-repository.js';
import { centreRepository } from '../persistence/centre-repository.js';
import type { Db } from '../persistence/database.js';
import { demoCentres, demoUsers } from './demo-centres.js';
import { seedDemoHistory } from './demo-history.js';
import type { Services } from './index.js';

export interface SeedReport {
  centresAdded: number;
  historyAdded: boolean;
  usersAdded: { email: string; role: string; password: string }[];
}

/**
 * Loads the demo register through the real services. Idempotent: what exists (by
 * registration number or e-mail) is left alone, and the audit history is only written into a
 * register that has no audits yet, so a second run adds nothing.
 */
export async function seedDemo(db: Db, services: Services, config: Config, now: Date): Promise<SeedReport> {
  const centres = centreRepository(db);
  const report: SeedReport = { centresAdded: 0, historyAdded: false, usersAdded: [] };
  const seeded: Centre[] = [];
  for (const demo of demoCentres) {
    const existing = centres.findByRegistration(demo.country, demo.registrationNumber);
    if (existing) {
      seeded.push(existing);
      continue;
    }
    seeded.push(services.centres.create(demo, 'seed'));
    report.centresAdded++;
  }
  for (const demo of demoUsers) {
    if (services.users.findByEmail(demo.email)) continue;
    services.users.add(
      {
        email: demo.email,
        name: demo.name,
        role: demo.role,
        password: demo.password,
        centre: 'centreIndex' in demo ? seeded[demo.centreIndex]!.slug : undefined,
      },
      'seed',
    );
    report.usersAdded.push({ email: demo.email, role: demo.role, password: demo.password });
  }
  seedDemoBrands(services);
  if (services.audits.listAll().length === 0) {
    const user = (email: string) => services.users.findByEmail(email)!;
    const certificateIds = await seedDemoHistory(
      db,
      config,
      now,
      {
        admin: user(demoUsers[0].email),
        decider: user(demoUsers[1].email),
        auditors: [user(demoUsers[2].email), user(demoUsers[3].email)],
      },
      seeded,
    );
    await services.documents?.refresh(certificateIds);
    report.historyAdded = true;
  }
  return report;
}

/**
 * The brands the demo centre login answers for (fictional clients), declared by that login as
 * a centre would in its portal: the complaint form finds Klantlijn Noord by "Noordstroom". Only
 * into a centre without brands, so a second run adds nothing.
 */
function seedDemoBrands(services: Services) {
  const centreLogin = demoUsers.find((u) => u.role === 'centre');
  const user = centreLogin && services.users.findByEmail(centreLogin.email);
  if (!user || user.centreId === null || services.brands.forCentre(user.centreId).length > 0) return;
  for (const brand of [
    { name: 'Noordstroom Energie', isPublic: true },
    { name: 'Waddenpost', isPublic: true },
    { name: 'Zorgpolis Noord', isPublic: false },
  ]) {
    services.brands.add(brand, user);
  }
}

/**
 * The demo logins that could still sign in. Their passwords are published in the README, so a
 * production registry refuses to serve while any of them is enabled.
 */
export function activeDemoAccounts(services: Pick<Services, 'users'>): string[] {
  return demoUsers
    .map((demo) => services.users.findByEmail(demo.email))
    .filter((user) => user !== undefined && !user.disabled)
    .map((user) => user!.email);
}
