ALTER TABLE `certificate_documents` ADD `view_sha256` text;--> statement-breakpoint
ALTER TABLE `certificates` ADD `scores_audit_id` integer;--> statement-breakpoint
ALTER TABLE `certificates` ADD `scores_audit_type` text;--> statement-breakpoint
ALTER TABLE `certificates` ADD `scores_decided_at` text;--> statement-breakpoint
ALTER TABLE `certificates` ADD `scores_outcome` text;--> statement-breakpoint
-- Backfill: every certificate takes the figures of its latest decided audit (issue, surveillance,
-- special or a failed recertification), so a failed surveillance no longer hides behind the
-- scores of the pass it followed. A certificate without a decided audit keeps its figures.
-- The same rule as certificateRepository.refreshScores, which keeps them from now on.
UPDATE `certificates` SET (`scores_audit_id`, `scores_audit_type`, `scores_decided_at`, `scores_outcome`, `overall`, `promise_scores`) = (
  SELECT a.`id`, a.`type`, a.`decided_at`, json_extract(a.`result`, '$.outcome'),
         json_extract(a.`result`, '$.overall'), json_extract(a.`result`, '$.promises')
    FROM `audits` a
   WHERE a.`certificate_id` = `certificates`.`id` AND a.`state` = 'decided' AND a.`result` IS NOT NULL
   ORDER BY a.`decided_at` DESC, a.`id` DESC LIMIT 1
)
WHERE EXISTS (
  SELECT 1 FROM `audits` a
   WHERE a.`certificate_id` = `certificates`.`id` AND a.`state` = 'decided' AND a.`result` IS NOT NULL
);
