import type { Db } from './database.js';

export interface RegisterCounts {
  certified: number;
  suspended: number;
  withdrawnLastYear: number;
}

export function registerStatsRepository(db: Db) {
  const byStatus = db.$client.prepare<[], { status: string; n: number }>(
    "SELECT status, count(*) AS n FROM certificates WHERE status IN ('active', 'suspended') GROUP BY status",
  );
  const withdrawnSince = db.$client.prepare<[string], { n: number }>(
    "SELECT count(DISTINCT certificate_id) AS n FROM certificate_status_history WHERE to_status = 'withdrawn' AND at >= ?",
  );
  return {
    counts(now: Date): RegisterCounts {
      const rows = byStatus.all();
      const yearAgo = new Date(now);
      yearAgo.setUTCFullYear(yearAgo.getUTCFullYear() - 1);
      return {
        certified: rows.find((r) => r.status === 'active')?.n ?? 0,
        suspended: rows.find((r) => r.status === 'suspended')?.n ?? 0,
        withdrawnLastYear: withdrawnSince.get(yearAgo.toISOString())?.n ?? 0,
      };
    },
  };
}
