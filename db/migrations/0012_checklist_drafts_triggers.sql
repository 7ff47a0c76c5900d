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
--> statement-breakpoint
-- A raw draft belongs to the answer it was typed next to: any other write of that answer (the
-- staff API, another save) supersedes it, so the page never shows an old raw text over a newer
-- stored value. The checklist's own save writes the answer first and its new draft after.
CREATE TRIGGER `checklist_drafts_answer_inserted`
AFTER INSERT ON `answers`
BEGIN
  DELETE FROM `checklist_drafts` WHERE `audit_id` = NEW.`audit_id` AND `item` = NEW.`item`;
END;
--> statement-breakpoint
CREATE TRIGGER `checklist_drafts_answer_updated`
AFTER UPDATE ON `answers`
BEGIN
  DELETE FROM `checklist_drafts` WHERE `audit_id` = NEW.`audit_id` AND `item` = NEW.`item`;
END;
--> statement-breakpoint
CREATE TRIGGER `checklist_drafts_answer_deleted`
AFTER DELETE ON `answers`
BEGIN
  DELETE FROM `checklist_drafts` WHERE `audit_id` = OLD.`audit_id` AND `item` = OLD.`item`;
END;
