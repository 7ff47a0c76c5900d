import type { Clock } from '../clock.js';
import { checkListEntries, classifyCheckInput } from '../domain/check-input.js';
import { judgeNameMatch, MAX_CANDIDATES, nameTrigrams, rankByName } from '../domain/name-match.js';
import { unprocessable } from '../errors.js';
import { type CheckRow, checkRepository } from '../persistence/check-repository.js';
import type { Db } from '../persistence/database.js';

export type { CheckRow };

/** Lines per page (a pasted or uploaded list); per API call it is CHECK_ITEMS_MAX (contracts/check.ts). */
export const CHECK_PAGE_MAX = 1000;
/** Lines checked between two turns of the event loop, so a long list never holds up the register. */
const LINES_PER_TURN = 25;

export type CheckMatch = 'certificate' | 'registration' | 'name' | 'ambiguous' | 'none';

/** Why a line found nothing, or why it found several (a code, rendered per language). */
export type CheckReason =
  | 'certificate_format'
  | 'certificate_check_digits'
  | 'certificate_unknown'
  | 'registration_format'
  | 'kbo_check_digits'
  | 'registration_unknown'
  | 'name_unknown'
  | 'name_ambiguous'
  | 'empty';

export interface CheckLine {
  input: string;
  match: CheckMatch;
  /** The centre found, with the certificate the line named or the centre's latest one. */
  found: CheckRow | null;
  /** For `ambiguous`: the centres to choose from; for a mistyped certificate number: the one meant. */
  candidates: CheckRow[];
  reason: CheckReason | null;
}

export interface CheckReport {
  checkedAt: Date;
  lines: CheckLine[];
}

const line = (input: string, match: CheckMatch, found: CheckRow | null, extra: Partial<CheckLine> = {}): CheckLine => ({
  input,
  match,
  found,
  candidates: [],
  reason: null,
  ...extra,
});
const none = (input: string, reason: CheckReason, candidates: CheckRow[] = []) =>
  line(input, 'none', null, { reason, candidates });

/**
 * The bulk check: which centre each line of a supplier list means and its certificate's status
 * now. Every line costs a few index probes (check-repository.ts), never a walk of the register.
 */
export function checkService(db: Db, clock: Clock) {
  const lookups = checkRepository(db);

  function checkOne(input: string): CheckLine {
    const typed = classifyCheckInput(input);
    switch (typed.kind) {
      case 'empty':
        return none(input, 'empty');
      case 'certificate': {
        const [found] = lookups.certificates([typed.number]);
        return found ? line(input, 'certificate', found) : none(input, 'certificate_unknown');
      }
      case 'bad-certificate': {
        // A typo is reported as one; the one current certificate it may have meant is offered.
        const current = lookups.certificates(typed.variants).filter((row) => row.isCurrent);
        return none(input, typed.reason, current.length === 1 ? current : []);
      }
      case 'registration': {
        const found = lookups.byRegistration(typed.country, typed.number);
        return found ? line(input, 'registration', found) : none(input, 'registration_unknown');
      }
      case 'bad-registration':
        return none(input, typed.reason);
      case 'name': {
        const rows = lookups.nameCandidates(typed.name, nameTrigrams(typed.name));
        const byId = new Map(rows.map((row) => [row.centreId, row]));
        const ranked = rankByName(
          typed.name,
          rows.map((row) => ({ id: row.centreId, names: [row.tradeName, row.legalName] })),
        );
        const verdict = judgeNameMatch(ranked);
        if (verdict.kind === 'name') return line(input, 'name', byId.get(verdict.id)!);
        if (verdict.kind === 'ambiguous') {
          return line(input, 'ambiguous', null, {
            reason: 'name_ambiguous',
            candidates: verdict.ids.slice(0, MAX_CANDIDATES).map((id) => byId.get(id)!),
          });
        }
        return none(input, 'name_unknown');
      }
    }
  }

  async function check(inputs: readonly string[]): Promise<CheckReport> {
    const checkedAt = clock.now();
    const lines: CheckLine[] = [];
    for (const [i, input] of inputs.entries()) {
      if (i > 0 && i % LINES_PER_TURN === 0) await new Promise((resolve) => setImmediate(resolve));
      lines.push(checkOne(input));
    }
    return { checkedAt, lines };
  }

  return {
    /** The API's items (1–100, validated by the contract), one result each, in order. */
    check,

    /**
     * A pasted or uploaded list (one per line, or CSV): 1 to CHECK_PAGE_MAX suppliers, or a
     * refusal naming the limit and the count, so the page can say how much to remove.
     */
    checkList(text: string): Promise<CheckReport> {
      const entries = checkListEntries(text);
      if (entries.length === 0) {
        throw unprocessable('check_list_empty', 'The list is empty', [
          { path: 'list', code: 'check_list_empty', message: 'The list is empty' },
        ]);
      }
      if (entries.length > CHECK_PAGE_MAX) {
        const params = { max: CHECK_PAGE_MAX, count: entries.length };
        const message = `At most ${CHECK_PAGE_MAX} lines can be checked at once; this list has ${entries.length}`;
        throw unprocessable(
          'check_list_too_long',
          message,
          [{ path: 'list', code: 'check_list_too_long', params, message }],
          params,
        );
      }
      return check(entries);
    },
  };
}

export type CheckService = ReturnType<typeof checkService>;
