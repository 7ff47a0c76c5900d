import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { afterFailedAttempt } from '../domain/webhook-rules.js';
import { type Db, inTransaction } from '../persistence/database.js';
import { type DueDelivery, webhookRepository } from '../persistence/webhook-repository.js';
import { onWebhookQueued } from './webhook-outbox.js';
import { type AttemptResult, postOnce, resolveTarget, signedHeaders } from './webhook-sender.js';

/** What one pass over the outbox did. */
export interface DispatchReport {
  attempted: number;
  delivered: number;
}

/** Deliveries tried at once: a slow receiver must not hold up everyone else's. */
const CONCURRENCY = 4;
const BATCH = 20;
/** Passes per run: a run ends even when receivers keep the outbox full. */
const MAX_BATCHES = 50;
/** What the delivery log keeps of an answer. */
const EXCERPT_CHARS = 200;

const isSuccess = (status: number | null) => status !== null && status >= 200 && status < 300;

/** Whether a verification answer echoes the challenge it was sent. */
function echoesChallenge(payload: string, answer: string): boolean {
  const { challenge } = JSON.parse(payload) as { challenge: string };
  try {
    const echoed = JSON.parse(answer) as { challenge?: unknown } | null;
    return typeof echoed === 'object' && echoed !== null && echoed.challenge === challenge;
  } catch {
    return false;
  }
}

/**
 * Sends what the outbox holds, at least once: a delivery is marked delivered only after the
 * receiver's 2xx, so a crash between the two sends it again after restart, with the same
 * `webhook-id`. Failed attempts are retried with growing back-off; a subscription whose
 * deliveries failed for three days is disabled.
 */
export function webhookDispatcher(db: Db, clock: Clock, config: Config, options: { attemptTimeoutMs?: number } = {}) {
  const webhooks = webhookRepository(db);
  const userAgent = `Keurmerk-Webhooks/1 (+${config.baseUrl})`;

  async function attempt(delivery: DueDelivery): Promise<AttemptResult> {
    // Checked again at every attempt, and the attempt connects to what was checked.
    const target = await resolveTarget(delivery.url, config.webhooksAllowPrivate);
    if (!target.ok) return { statusCode: null, error: target.problem.code, body: '', durationMs: 0 };
    const at = clock.now();
    const headers = signedHeaders(delivery.secret, delivery.id, at, delivery.payload);
    return postOnce(target, headers, delivery.payload, userAgent, options.attemptTimeoutMs);
  }

  /** Records the attempt and what follows from it, in one transaction. */
  function settle(delivery: DueDelivery, at: Date, result: AttemptResult): boolean {
    const isVerification = delivery.type === 'subscription.verification';
    const answered = isSuccess(result.statusCode);
    const accepted = answered && (!isVerification || echoesChallenge(delivery.payload, result.body));
    const error = result.error ?? (accepted ? null : answered ? 'webhook_challenge_not_echoed' : 'webhook_http_status');
    return inTransaction(db, () => {
      // Deleted while the request was under way: nothing left to record.
      const subscription = webhooks.findSubscription(delivery.subscriptionId);
      if (!subscription || !webhooks.findDelivery(delivery.id)) return false;
      const attemptRow = {
        at: at.toISOString(),
        statusCode: result.statusCode,
        error,
        durationMs: result.durationMs,
        responseExcerpt: result.body ? result.body.slice(0, EXCERPT_CHARS) : null,
      };
      if (accepted) {
        webhooks.recordAttempt(delivery.id, attemptRow, { delivered: true, nextAttemptAt: null });
        if (isVerification) webhooks.setStatus(subscription.id, 'active', null, at.toISOString());
        if (subscription.failingSince) webhooks.setFailingSince(subscription.id, null);
        return true;
      }
      const failingSince = isVerification ? at : new Date(subscription.failingSince ?? at.toISOString());
      const next = afterFailedAttempt({
        type: isVerification ? 'verification' : 'delivery',
        attemptsMade: delivery.attempts + 1,
        failingSince,
        now: at,
      });
      if (next.kind === 'retry') {
        webhooks.recordAttempt(delivery.id, attemptRow, { delivered: false, nextAttemptAt: next.at.toISOString() });
        if (!isVerification && !subscription.failingSince) webhooks.setFailingSince(subscription.id, at.toISOString());
        return false;
      }
      webhooks.recordAttempt(delivery.id, attemptRow, { delivered: false, nextAttemptAt: null });
      webhooks.setStatus(
        subscription.id,
        isVerification ? 'failed' : 'disabled',
        isVerification ? 'webhook_verification_unanswered' : 'webhook_deliveries_failing',
        at.toISOString(),
      );
      webhooks.abandonPending(subscription.id);
      return false;
    });
  }

  /** A delivery whose subscription is not in the state it needs is not sent, only given up. */
  function isStale(delivery: DueDelivery): boolean {
    return delivery.type === 'subscription.verification'
      ? delivery.subscriptionStatus !== 'pending'
      : delivery.subscriptionStatus !== 'active';
  }

  async function runBatch(due: DueDelivery[], report: DispatchReport): Promise<void> {
    const queue = [...due];
    const worker = async () => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        if (isStale(next)) {
          webhooks.abandonDelivery(next.id);
          continue;
        }
        const at = clock.now();
        const result = await attempt(next);
        report.attempted++;
        if (settle(next, at, result)) report.delivered++;
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, queue.length) }, worker));
  }

  let running: Promise<DispatchReport> | null = null;

  async function runAllDue(): Promise<DispatchReport> {
    const report = { attempted: 0, delivered: 0 };
    const seen = new Set<string>();
    for (let batch = 0; batch < MAX_BATCHES; batch++) {
      const due = webhooks.due(clock.now().toISOString(), BATCH).filter((d) => !seen.has(d.id));
      if (due.length === 0) break;
      for (const d of due) seen.add(d.id);
      await runBatch(due, report);
    }
    return report;
  }

  /** Every delivery due now, once each (a retry is never due at once). One run at a time. */
  function runDue(): Promise<DispatchReport> {
    if (running) return running;
    const run = runAllDue().finally(() => {
      running = null;
    });
    running = run;
    return run;
  }

  return {
    runDue,

    /**
     * Runs the outbox every `intervalMs` and whenever a transaction queued a delivery. Returns
     * the function that stops it (and waits for the run under way).
     */
    start(intervalMs: number, onReport: (report: DispatchReport) => void, onError: (err: unknown) => void) {
      let again = false;
      const run = () => {
        if (running) {
          again = true;
          return;
        }
        runDue()
          .then((report) => {
            if (report.attempted > 0) onReport(report);
            if (again) {
              again = false;
              setImmediate(run);
            }
          })
          .catch(onError);
      };
      const timer = setInterval(run, intervalMs);
      timer.unref();
      onWebhookQueued(db, () => setImmediate(run));
      setImmediate(run);
      return async () => {
        clearInterval(timer);
        onWebhookQueued(db, null);
        await running;
      };
    },
  };
}

export type WebhookDispatcher = ReturnType<typeof webhookDispatcher>;
