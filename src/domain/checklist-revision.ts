import { createHash } from 'node:crypto';
import type { AnswerInput } from './scoring.js';

/** Text typed into a measurement that is not a number, kept as typed until it is corrected. */
export interface RawDraft {
  value?: string;
  sample?: string;
}

/**
 * The revision of one checklist item as the server holds it: a digest of its stored answer and
 * raw draft. A page (or a draft kept in the browser) carries the revision it was based on; a
 * save whose base differs from the current revision would overwrite a change made elsewhere
 * (another tab, another device) and is refused. A digest of the content rather than a counter:
 * it needs no column, the same content always has the same revision (so a save that already
 * arrived but whose answer was lost is recognised when it is sent again), and a form's unchanged
 * item is recognised by its content equalling the base it was rendered from.
 */
export function answerRevision(answer: AnswerInput | undefined, draft: RawDraft | undefined): string {
  const content = [
    answer?.result ?? null,
    answer?.value ?? null,
    answer?.sample ?? null,
    answer?.note ?? null,
    draft?.value ?? null,
    draft?.sample ?? null,
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url').slice(0, 22);
}
