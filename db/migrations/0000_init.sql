CREATE TABLE `answers` (
	`audit_id` integer NOT NULL,
	`item` text NOT NULL,
	`result` text,
	`value` real,
	`sample` integer,
	`note` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`audit_id`, `item`),
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `api_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`name` text NOT NULL,
	`token_hash` text NOT NULL,
	`last_used_at` text,
	`revoked_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_tokens_token_hash_unique` ON `api_tokens` (`token_hash`);--> statement-breakpoint
CREATE TABLE `appeals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`audit_id` integer NOT NULL,
	`centre_id` integer NOT NULL,
	`filed_by` integer NOT NULL,
	`grounds` text NOT NULL,
	`state` text NOT NULL,
	`resolution` text,
	`resolved_by` integer,
	`resolved_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`centre_id`) REFERENCES `centres`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`filed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`resolved_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `appeals_audit_id_unique` ON `appeals` (`audit_id`);--> statement-breakpoint
CREATE TABLE `audits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`centre_id` integer NOT NULL,
	`certificate_id` integer,
	`scheme_code` text NOT NULL,
	`type` text NOT NULL,
	`state` text NOT NULL,
	`planned_for` text NOT NULL,
	`auditor_id` integer NOT NULL,
	`planned_by` integer,
	`reason_for_audit` text,
	`submitted_at` text,
	`result` text,
	`return_reason` text,
	`decided_at` text,
	`decided_by` integer,
	`decision_note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`centre_id`) REFERENCES `centres`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`certificate_id`) REFERENCES `certificates`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`scheme_code`) REFERENCES `scheme_versions`(`code`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`auditor_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`planned_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audits_centre_idx` ON `audits` (`centre_id`);--> statement-breakpoint
CREATE INDEX `audits_auditor_idx` ON `audits` (`auditor_id`);--> statement-breakpoint
CREATE INDEX `audits_state_idx` ON `audits` (`state`);--> statement-breakpoint
CREATE TABLE `centres` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`slug` text NOT NULL,
	`legal_name` text NOT NULL,
	`trade_name` text NOT NULL,
	`registration_number` text NOT NULL,
	`country` text NOT NULL,
	`city` text NOT NULL,
	`type` text NOT NULL,
	`channels` text NOT NULL,
	`languages` text NOT NULL,
	`sectors` text NOT NULL,
	`sites` text DEFAULT '[]' NOT NULL,
	`website` text,
	`size` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `centres_slug_unique` ON `centres` (`slug`);--> statement-breakpoint
CREATE UNIQUE INDEX `centres_registration_uq` ON `centres` (`country`,`registration_number`);--> statement-breakpoint
CREATE TABLE `certificate_documents` (
	`sha256` text PRIMARY KEY NOT NULL,
	`certificate_id` integer NOT NULL,
	`status` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`certificate_id`) REFERENCES `certificates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `certificate_status_history` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`certificate_id` integer NOT NULL,
	`at` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`reason` text NOT NULL,
	`actor` text NOT NULL,
	FOREIGN KEY (`certificate_id`) REFERENCES `certificates`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `certificate_history_cert_idx` ON `certificate_status_history` (`certificate_id`);--> statement-breakpoint
CREATE TABLE `certificates` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`number` text NOT NULL,
	`year` integer NOT NULL,
	`seq` integer NOT NULL,
	`centre_id` integer NOT NULL,
	`audit_id` integer NOT NULL,
	`scheme_code` text NOT NULL,
	`status` text NOT NULL,
	`status_reason` text NOT NULL,
	`status_since` text NOT NULL,
	`original_issue_date` text NOT NULL,
	`issued_on` text NOT NULL,
	`valid_from` text NOT NULL,
	`valid_until` text NOT NULL,
	`next_surveillance_due` text,
	`scope` text NOT NULL,
	`overall` real NOT NULL,
	`promise_scores` text NOT NULL,
	`pdf_sha256` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`centre_id`) REFERENCES `centres`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`scheme_code`) REFERENCES `scheme_versions`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_number_unique` ON `certificates` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `certificates_year_seq_uq` ON `certificates` (`year`,`seq`);--> statement-breakpoint
CREATE INDEX `certificates_centre_idx` ON `certificates` (`centre_id`);--> statement-breakpoint
CREATE INDEX `certificates_status_idx` ON `certificates` (`status`);--> statement-breakpoint
CREATE TABLE `complaints` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`centre_id` integer NOT NULL,
	`reporter_name` text NOT NULL,
	`reporter_email` text NOT NULL,
	`body` text NOT NULL,
	`state` text NOT NULL,
	`severity` text,
	`resolution` text,
	`triaged_by` integer,
	`triaged_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`centre_id`) REFERENCES `centres`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`triaged_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `complaints_centre_idx` ON `complaints` (`centre_id`,`state`);--> statement-breakpoint
CREATE TABLE `corrective_actions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`audit_id` integer NOT NULL,
	`centre_id` integer NOT NULL,
	`item` text NOT NULL,
	`severity` text NOT NULL,
	`finding` text NOT NULL,
	`due_on` text NOT NULL,
	`state` text NOT NULL,
	`evidence` text,
	`submitted_at` text,
	`reviewed_by` integer,
	`reviewed_at` text,
	`review_note` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`centre_id`) REFERENCES `centres`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`reviewed_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `corrective_actions_centre_idx` ON `corrective_actions` (`centre_id`,`state`);--> statement-breakpoint
CREATE TABLE `events` (
	`seq` integer PRIMARY KEY NOT NULL,
	`at` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`subject` text NOT NULL,
	`payload` text NOT NULL,
	`is_public` integer NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `events_public_idx` ON `events` (`is_public`,`seq`);--> statement-breakpoint
CREATE TABLE `scheme_versions` (
	`code` text PRIMARY KEY NOT NULL,
	`content` text NOT NULL,
	`content_hash` text NOT NULL,
	`published_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sessions` (
	`sid` text PRIMARY KEY NOT NULL,
	`data` text NOT NULL,
	`expires_at` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `settings` (
	`key` text PRIMARY KEY NOT NULL,
	`value` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `users` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`name` text NOT NULL,
	`role` text NOT NULL,
	`centre_id` integer,
	`password_hash` text NOT NULL,
	`disabled` integer DEFAULT false NOT NULL,
	`conflict_centre_ids` text DEFAULT '[]' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`centre_id`) REFERENCES `centres`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);