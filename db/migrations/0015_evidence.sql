CREATE TABLE `evidence_files` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`audit_id` integer NOT NULL,
	`item` text NOT NULL,
	`action_id` integer,
	`sha256` text NOT NULL,
	`name` text NOT NULL,
	`size` integer NOT NULL,
	`type` text NOT NULL,
	`thumbnail_sha256` text,
	`uploaded_by` integer NOT NULL,
	`uploaded_at` text NOT NULL,
	`locked_at` text,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`action_id`) REFERENCES `corrective_actions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`uploaded_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `evidence_files_audit_idx` ON `evidence_files` (`audit_id`,`item`);--> statement-breakpoint
CREATE INDEX `evidence_files_action_idx` ON `evidence_files` (`action_id`);--> statement-breakpoint
CREATE INDEX `evidence_files_sha256_idx` ON `evidence_files` (`sha256`);