import { centreRepository } from '../persistence/centre-repository.js';
import type { Db } from '../persistence/database.js';
import { demoCentres, demoUsers } from './demo-centres.js';
import type { Services } from './index.js';

export interface SeedReport {
  centresAdded: number;
  usersAdded: { email: string; role: string; password: string }[];
}

/**
 * Loads the demo register through the real services. Idempotent: what exists (by
 * registration number or e-mail) is left alone, so a second run adds nothing.
 */
export function seedDemo(db: Db, services: Services): SeedReport {
  const centres = centreRepository(db);
  const report: SeedReport = { centresAdded: 0, usersAdded: [] };
  const slugs: string[] = [];
  for (const demo of demoCentres) {
    const existing = centres.findByRegistration(demo.country, demo.registrationNumber);
    if (existing) {
      slugs.push(existing.slug);
      continue;
    }
    slugs.push(services.centres.create(demo, 'seed').slug);
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
        centre: 'centreIndex' in demo ? slugs[demo.centreIndex] : undefined,
      },
      'seed',
    );
    report.usersAdded.push({ email: demo.email, role: demo.role, password: demo.password });
  }
  return report;
}
