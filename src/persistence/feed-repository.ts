import type { Params } from '../domain/reason.js';
import type { CertificateStatus } from '../domain/vocabulary.js';
import type { Db } from './database.js';
import { params } from './register-rows.js';

/** One public status change of a certificate, as the Atom feeds list it. */
export interface StatusChange {
  /** The history row's id: never reused, so it names the entry for good. */
  id: number;
  at: string;
  number: string;
  from: CertificateStatus | null;
  to: CertificateStatus;
  reason: string;
  reasonCode: string | null;
  reasonParams: Params;
  centre: { slug: string; name: string };
}

interface RawChange {
  id: number;
  at: string;
  number: string;
  from_status: CertificateStatus | null;
  to_status: CertificateStatus;
  reason: string;
  reason_code: string | null;
  reason_params: string | null;
  slug: string;
  trade_name: string;
}

const toChange = (r: RawChange): StatusChange => ({
  id: r.id,
  at: r.at,
  number: r.number,
  from: r.from_status,
  to: r.to_status,
  reason: r.reason,
  reasonCode: r.reason_code,
  reasonParams: params(r.reason_params),
  centre: { slug: r.slug, name: r.trade_name },
});

const SELECT = `SELECT h.id, h.at, k.number, h.from_status, h.to_status, h.reason, h.reason_code, h.reason_params,
  ce.slug, ce.trade_name
  FROM certificate_status_history h JOIN certificates k ON k.id = h.certificate_id JOIN centres ce ON ce.id = k.centre_id`;

/**
 * Status changes newest first (history rows are appended in order, so the newest have the
 * highest ids: the primary key gives the order without a sort over the whole history).
 * Every certificate's history is public: a centre with a certificate is in the register.
 */
export function feedRepository(db: Db) {
  const c = db.$client;
  const latest = c.prepare<[number], RawChange>(`${SELECT} ORDER BY h.id DESC LIMIT ?`);
  const ofCentre = c.prepare<[string, number], RawChange>(`${SELECT} WHERE ce.slug = ? ORDER BY h.id DESC LIMIT ?`);
  return {
    latest: (limit: number): StatusChange[] => latest.all(limit).map(toChange),
    ofCentre: (slug: string, limit: number): StatusChange[] => ofCentre.all(slug, limit).map(toChange),
  };
}
