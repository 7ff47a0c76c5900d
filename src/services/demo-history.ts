import { fixedClock } from '../clock.js';
import type { Config } from '../config.js';
import { addMonths } from '../domain/lifecycle.js';
import { schemeItems, type Scheme } from '../domain/scheme.js';
import type { AnswerInput } from '../domain/scoring.js';
import type { Centre } from '../persistence/centre-repository.js';
import type { Db } from '../persistence/database.js';
import type { User } from '../persistence/user-repository.js';
import { createServices, type Services } from './index.js';

type Finding = 'minor' | 'major';
type Step =
  | {
      at: number;
      audit: 'initial' | 'surveillance' | 'recertification' | 'special';
      findings?: Record<string, Finding>;
      decide?: boolean;
      /** Leave the corrective actions open (the normal case is evidence sent and accepted). */
      leaveOpen?: boolean;
    }
  | { at: number; progress: 'initial'; answered: number };

/**
 * The story of each demo centre, in months before "now". Every step runs through the real
 * services on a clock set to that moment, and the sweep runs in between, so suspensions,
 * withdrawals and expiries come from the rules, not from hand-set statuses.
 */
const stories: Record<number, Step[]> = {
  // Klantlijn Noord (the demo centre login): conditional, with open corrective actions.
  0: [{ at: -1, audit: 'initial', findings: { T3: 'minor', P5: 'minor', R2: 'minor' }, leaveOpen: true }],
  1: [
    { at: -26, audit: 'initial', findings: { P3: 'minor' } },
    { at: -14, audit: 'surveillance' },
    { at: -2, audit: 'surveillance', findings: { I3: 'minor' } },
  ],
  // Failed surveillance a month ago: suspended, a special audit must pass within 90 days.
  2: [
    { at: -13, audit: 'initial' },
    { at: -1, audit: 'surveillance', findings: { F3: 'major' } },
  ],
  // Failed surveillance, then failed special audit: withdrawn.
  3: [
    { at: -20, audit: 'initial' },
    { at: -8, audit: 'surveillance', findings: { C3: 'major' } },
    { at: -7, audit: 'special', findings: { C3: 'major' } },
  ],
  // Certified 40 months ago, never recertified: expired by the sweep.
  4: [
    { at: -40, audit: 'initial' },
    { at: -28, audit: 'surveillance' },
    { at: -16, audit: 'surveillance' },
  ],
  // An auditor is filling in the checklist right now.
  5: [{ at: 0, progress: 'initial', answered: 17 }],
  // Recertified last month: the first certificate is superseded.
  6: [
    { at: -37, audit: 'initial' },
    { at: -25, audit: 'surveillance' },
    { at: -13, audit: 'surveillance' },
    { at: -1, audit: 'recertification' },
  ],
  // A major finding whose 30-day deadline passed without evidence: suspended by the sweep.
  7: [{ at: -2, audit: 'initial', findings: { R6: 'major' }, leaveOpen: true }],
  // Submitted and waiting for the four-eyes decision.
  8: [{ at: 0, audit: 'initial', findings: { O3: 'minor' }, decide: false }],
  // Suspended after a failed surveillance, then reinstated by a passed special audit.
  9: [
    { at: -15, audit: 'initial' },
    { at: -4, audit: 'surveillance', findings: { P4: 'major', P2: 'major' } },
    { at: -3, audit: 'special' },
  ],
  10: [{ at: -6, audit: 'initial', findings: { R3: 'minor', O4: 'minor' } }],
  11: [
    { at: -18, audit: 'initial', findings: { O2: 'minor' } },
    { at: -6, audit: 'surveillance' },
  ],
  12: [{ at: -9, audit: 'initial', findings: { F1: 'minor' } }],
  14: [{ at: -3, audit: 'initial', findings: { P1: 'minor' } }],
  15: [{ at: -11, audit: 'initial' }],
  16: [
    { at: -22, audit: 'initial' },
    { at: -10, audit: 'surveillance', findings: { R4: 'minor' } },
  ],
  17: [{ at: -5, audit: 'initial', findings: { P6: 'minor', T2: 'minor', I1: 'minor' } }],
  18: [
    { at: -30, audit: 'initial' },
    { at: -18, audit: 'surveillance' },
    { at: -6, audit: 'surveillance' },
  ],
  19: [{ at: -8, audit: 'initial', findings: { I2: 'minor' } }],
  20: [{ at: -2, audit: 'initial', findings: { C1: 'minor' }, leaveOpen: true }],
  21: [{ at: -12, audit: 'initial', findings: { F3: 'major' } }],
  22: [
    { at: -16, audit: 'initial' },
    { at: -4, audit: 'surveillance' },
  ],
  23: [{ at: -7, audit: 'initial', findings: { C2: 'minor', T5: 'minor' } }],
};

const notes: Record<Finding, string[]> = {
  minor: [
    'Werkt in opzet, maar de steekproef liet gaten zien; zie het auditdossier voor de gevallen.',
    'Vastgelegd, maar nog niet in elk team consequent toegepast.',
    'De cijfers worden gemeten, maar nog niet maandelijks met de opdrachtgever besproken.',
  ],
  major: [
    'Niet aanwezig: tijdens de audit kon geen bewijs worden getoond.',
    'Duidelijke overtreding in de steekproef; het management is ter plaatse ingelicht.',
  ],
};

/** A full answer set: everything meets its target with some spread, except the findings. */
function answersFor(scheme: Scheme, findings: Record<string, Finding>, seed: number): AnswerInput[] {
  return schemeItems(scheme).map((item, i) => {
    const finding = findings[item.id];
    const note = finding ? notes[finding][(seed + i) % notes[finding].length] : undefined;
    if (item.kind === 'check')
      return {
        item: item.id,
        result: finding ?? 'conform',
        ...(note ? { note } : { note: 'Ter plaatse gecontroleerd; bewijs in het auditdossier.' }),
      };
    const span = Math.abs(item.target - item.tolerance);
    const better = item.direction === '>=' ? 1 : -1;
    const value =
      finding === 'major'
        ? item.tolerance - better * span * 0.3
        : finding === 'minor'
          ? item.tolerance + better * span * 0.2
          : item.target + better * span * ((seed + i) % 4) * 0.1;
    return {
      item: item.id,
      value: Math.round(value * 10) / 10,
      sample: item.minSample + ((seed * 7 + i) % 40),
      note: note ?? 'Gemeten uit de eigen rapportages van het centrum en gecontroleerd met een steekproef.',
    };
  });
}

/**
 * Gives the demo centres a realistic certification history through the real services.
 * Runs once, on an empty register only (the caller checks).
 */
export async function seedDemoHistory(
  db: Db,
  config: Config,
  now: Date,
  cast: { admin: User; decider: User; auditors: User[] },
  centres: Centre[],
): Promise<number[]> {
  const clock = fixedClock(now);
  // The story is replayed without PDFs: only today's state gets a signed document, signed now.
  const services: Services = createServices({ db, clock, config, signing: null, mail: 'replay' });
  const scheme = services.schemes.current();
  const today = now.toISOString().slice(0, 10);
  const at = (months: number) => new Date(`${addMonths(today, months)}T10:00:00Z`);

  const steps = Object.entries(stories)
    .flatMap(([index, list]) => list.map((step) => ({ centre: centres[Number(index)]!, step, index: Number(index) })))
    .sort((a, b) => a.step.at - b.step.at);

  for (const { centre, step, index } of steps) {
    const when = at(step.at);
    await services.certificates.sweep(when);
    clock.set(when);
    const auditor = cast.auditors[index % cast.auditors.length]!;
    if ('progress' in step) {
      const audit = services.audits.plan(
        { centre: centre.slug, type: step.progress, plannedFor: today, auditor: auditor.email },
        cast.admin,
      );
      services.audits.saveAnswers(
        audit.id,
        { answers: answersFor(scheme, {}, index).slice(0, step.answered) },
        auditor,
      );
      continue;
    }
    const audit = services.audits.plan(
      { centre: centre.slug, type: step.audit, plannedFor: when.toISOString().slice(0, 10), auditor: auditor.email },
      cast.admin,
    );
    services.audits.saveAnswers(audit.id, { answers: answersFor(scheme, step.findings ?? {}, index) }, auditor);
    services.audits.submit(audit.id, auditor);
    if (step.decide === false) continue;
    const decider = index % 2 === 0 ? cast.admin : cast.decider;
    await services.decisions.decide(audit.id, decider);
    if (step.leaveOpen) continue;
    const centreUser = services.users.list().find((u) => u.role === 'centre' && u.centreId === centre.id);
    for (const action of services.correctiveActions.actionsForAudit(audit.id)) {
      clock.set(new Date(when.getTime() + 20 * 86_400_000));
      services.correctiveActions.submitEvidence(
        action.id,
        'Procedure aangepast en getraind; zie het verslag van het teamoverleg.',
        centreUser ?? cast.admin,
      );
      await services.correctiveActions.reviewAction(action.id, 'accept', 'Bewijs getoetst aan de bevinding.', auditor);
    }
  }
  await services.certificates.sweep(now);
  return centres.flatMap((c) => services.certificates.certificatesForCentre(c.id).map((cert) => cert.id));
}
