ALTER TABLE `audits` ADD `consequence` text;--> statement-breakpoint
ALTER TABLE `audits` ADD `certificate_status_before` text;--> statement-breakpoint
ALTER TABLE `audits` ADD `certificate_status_after` text;