-- drizzle-kit copies the new columns too, which the old table lacks: the INSERT below names only the old ones.
CREATE TABLE `brand_search_terms` (
	`term` text NOT NULL,
	`brand_id` integer NOT NULL,
	`centre_id` integer NOT NULL,
	`is_word` integer NOT NULL,
	PRIMARY KEY(`term`, `brand_id`)
);
--> statement-breakpoint
CREATE INDEX `brand_search_terms_brand_idx` ON `brand_search_terms` (`brand_id`);--> statement-breakpoint
CREATE TABLE `centre_brands` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`centre_id` integer NOT NULL,
	`name` text NOT NULL,
	`folded_name` text NOT NULL,
	`is_public` integer NOT NULL,
	`added_by` integer NOT NULL,
	`added_at` text NOT NULL,
	FOREIGN KEY (`centre_id`) REFERENCES `centres`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`added_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `centre_brands_centre_name_idx` ON `centre_brands` (`centre_id`,`folded_name`);--> statement-breakpoint
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_complaints` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`reference` text,
	`token_hash` text,
	`centre_id` integer NOT NULL,
	`brand` text,
	`reporter_name` text,
	`reporter_email` text,
	`wants_replies` integer DEFAULT false NOT NULL,
	`share_identity` integer DEFAULT false NOT NULL,
	`locale` text DEFAULT 'nl' NOT NULL,
	`body` text NOT NULL,
	`contacted_on` text,
	`channel` text,
	`state` text NOT NULL,
	`severity` text,
	`dismissal_reason` text,
	`resolution` text,
	`due_on` text,
	`review_started_at` text,
	`triaged_by` integer,
	`triaged_at` text,
	`consequence` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) NOT NULL,
	FOREIGN KEY (`centre_id`) REFERENCES `centres`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`triaged_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_complaints`("id", "centre_id", "reporter_name", "reporter_email", "body", "state", "severity", "resolution", "triaged_by", "triaged_at", "consequence", "created_at") SELECT "id", "centre_id", "reporter_name", "reporter_email", "body", "state", "severity", "resolution", "triaged_by", "triaged_at", "consequence", "created_at" FROM `complaints`;--> statement-breakpoint
DROP TABLE `complaints`;--> statement-breakpoint
ALTER TABLE `__new_complaints` RENAME TO `complaints`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `complaints_reference_unique` ON `complaints` (`reference`);--> statement-breakpoint
CREATE INDEX `complaints_centre_idx` ON `complaints` (`centre_id`,`state`);--> statement-breakpoint
CREATE INDEX `complaints_centre_created_idx` ON `complaints` (`centre_id`,`created_at`);--> statement-breakpoint
CREATE INDEX `complaints_state_due_idx` ON `complaints` (`state`,`due_on`);