-- A file that was part of a submission is on record (its SHA-256 is in the hash-chained log):
-- the database itself refuses to forget or rewrite it, whatever path a change takes.
CREATE TRIGGER `evidence_files_locked_no_delete` BEFORE DELETE ON `evidence_files`
WHEN OLD.`locked_at` IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'evidence_files: a submitted file cannot be removed');
END;
--> statement-breakpoint
CREATE TRIGGER `evidence_files_locked_no_update` BEFORE UPDATE ON `evidence_files`
WHEN OLD.`locked_at` IS NOT NULL
BEGIN
  SELECT RAISE(ABORT, 'evidence_files: a submitted file cannot be changed');
END;
