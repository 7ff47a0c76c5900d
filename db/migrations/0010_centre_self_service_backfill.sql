-- Appeals filed before the decision's date was kept: the date the reopening recorded as
-- annulled when the appeal was upheld (the audit may have been decided again since), else the
-- audit's decision date.
UPDATE appeals SET decision_at = COALESCE(
  (SELECT json_extract(e.payload, '$.annulledDecisionAt') FROM events e
    WHERE e.action = 'audit.reopened-on-appeal' AND e.subject = 'audit:' || appeals.audit_id
    ORDER BY e.seq LIMIT 1),
  (SELECT a.decided_at FROM audits a WHERE a.id = appeals.audit_id))
WHERE decision_at IS NULL;--> statement-breakpoint
-- Complaints upheld before consequences were recorded: what the triage did then. A major or
-- critical complaint ordered a special audit (its reason names the complaint) only when the
-- centre held a valid certificate.
UPDATE complaints SET consequence = CASE
    WHEN severity = 'minor' THEN 'next_audit_agenda'
    WHEN EXISTS (SELECT 1 FROM audits a WHERE a.centre_id = complaints.centre_id AND a.type = 'special'
                  AND a.reason_for_audit LIKE 'Complaint #' || complaints.id || ' upheld%')
      THEN CASE severity WHEN 'critical' THEN 'suspension_special_audit' ELSE 'special_audit' END
    ELSE 'no_valid_certificate'
  END
WHERE state = 'upheld' AND severity IS NOT NULL AND consequence IS NULL;
