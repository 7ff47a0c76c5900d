import type {
  AnswersSavedJson,
  AuditJson,
  AuditListJson,
  DecisionResultJson,
  ResultJson,
  SubmitResultJson,
} from '../../contracts/staff.js';
import type { ParamsJson } from '../../contracts/register.js';
import type { Params } from '../../domain/reason.js';
import type { AnswerInput, AnswerIssue, EvaluationResult } from '../../domain/scoring.js';
import type { AnswersSaved, Audit } from '../../services/audit-service.js';
import type { Certificate } from '../../services/certificate-status-service.js';
import type { Decision } from '../../services/decision-service.js';
import type { Services } from '../../services/index.js';
import type { EvidenceFile } from '../../services/evidence-service.js';
import { presentCertificate } from './certificate-presenter.js';
import { presentEvidenceFile } from './evidence-view.js';

/** Params as the JSON contract types them (lists as plain arrays). */
function jsonParams(params: Params): ParamsJson {
  const out: ParamsJson = {};
  for (const [name, value] of Object.entries(params))
    out[name] = Array.isArray(value) ? [...(value as string[])] : (value as Exclude<typeof value, readonly string[]>);
  return out;
}

const issueJson = (issue: AnswerIssue) => ({ ...issue, params: jsonParams(issue.params) });

/** Each answer with the files of its item; an item with files but no answer yet is listed too. */
function answersWithEvidence(answers: AnswerInput[], evidence: Map<string, EvidenceFile[]>) {
  const answered = new Set(answers.map((a) => a.item));
  const filesOf = (item: string) => (evidence.get(item) ?? []).map(presentEvidenceFile);
  return [
    ...answers.map((a) => ({ ...a, evidence: filesOf(a.item) })),
    ...[...evidence.keys()].filter((item) => !answered.has(item)).map((item) => ({ item, evidence: filesOf(item) })),
  ];
}

/**
 * The staff API's answers, typed from the contract: names people and tools recognise (the
 * centre's slug, the auditor's e-mail, the certificate number) instead of internal ids.
 */
export function auditPresenter(services: Services) {
  function result(r: EvaluationResult): ResultJson;
  function result(r: EvaluationResult | null): ResultJson | null;
  function result(r: EvaluationResult | null): ResultJson | null {
    if (!r) return null;
    const { reasonCodes, ...rest } = r;
    // Results stored before codes were kept have no reasonCodes.
    return reasonCodes
      ? { ...rest, reasonCodes: reasonCodes.map((c) => ({ code: c.code, params: jsonParams(c.params) })) }
      : rest;
  }

  function audit(
    a: Audit,
    extra: { answers?: AnswerInput[]; progress?: AuditJson['progress']; evidence?: Map<string, EvidenceFile[]> } = {},
  ): AuditJson {
    const certificate = a.certificateId ? services.certificates.certificateById(a.certificateId) : undefined;
    return {
      id: a.id,
      centre: services.centres.findById(a.centreId)!.slug,
      type: a.type,
      state: a.state,
      scheme: a.schemeCode,
      plannedFor: a.plannedFor,
      auditor: services.users.find(a.auditorId)!.email,
      certificate: certificate?.number ?? null,
      returnReason: a.returnReason,
      submittedAt: a.submittedAt,
      decidedAt: a.decidedAt,
      result: result(a.result),
      ...(extra.answers ? { answers: answersWithEvidence(extra.answers, extra.evidence ?? new Map()) } : {}),
      ...(extra.progress ? { progress: extra.progress } : {}),
    };
  }

  /** A certificate in the Certificate exchange shape, as `GET /api/v1/certificates/:number` gives it. */
  const certificate = (cert: Certificate | null) =>
    cert ? presentCertificate(services.register.certificateRecord(cert)) : null;

  return {
    audit,
    list: (audits: Audit[]): AuditListJson => ({ items: audits.map((a) => audit(a)) }),
    answersSaved: (saved: AnswersSaved): AnswersSavedJson => ({
      id: saved.audit.id,
      state: saved.audit.state,
      progress: saved.progress,
      problems: saved.problems.map(issueJson),
      result: result(saved.result),
    }),
    submitted: (submitted: { audit: Audit; result: EvaluationResult }): SubmitResultJson => ({
      id: submitted.audit.id,
      state: submitted.audit.state,
      result: result(submitted.result),
    }),
    decided: (decision: Decision): DecisionResultJson => ({
      audit: audit(decision.audit),
      consequence: decision.consequence,
      certificate: certificate(decision.certificate),
    }),
    returned: (returned: Audit): DecisionResultJson => ({
      audit: audit(returned),
      consequence: null,
      certificate: null,
    }),
  };
}
