-- Raw typed values are scratch space of an open checklist: once the audit leaves the editable
-- states (submitted, cancelled) they are gone, so a checklist reopened after a return starts
-- from the stored answers only. A trigger, so every way an audit changes state (web, API, CLI,
-- demo seed) removes them in the same transaction.
CREATE TRIGGER `checklist_drafts_leave_open_audit`
AFTER UPDATE OF `state` ON `audits`
WHEN NEW.`state` NOT IN ('planned', 'in_progress')
BEGIN
  DELETE FROM `checklist_drafts` WHERE `audit_id` = NEW.`id`;
END;
