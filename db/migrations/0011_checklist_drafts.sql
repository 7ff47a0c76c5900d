CREATE TABLE `checklist_drafts` (
	`audit_id` integer NOT NULL,
	`item` text NOT NULL,
	`value` text,
	`sample` text,
	`updated_at` text NOT NULL,
	PRIMARY KEY(`audit_id`, `item`),
	FOREIGN KEY (`audit_id`) REFERENCES `audits`(`id`) ON UPDATE no action ON DELETE no action
);
