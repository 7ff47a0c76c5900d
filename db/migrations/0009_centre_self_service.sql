ALTER TABLE `appeals` ADD `decision_at` text;--> statement-breakpoint
CREATE INDEX `appeals_centre_idx` ON `appeals` (`centre_id`);--> statement-breakpoint
ALTER TABLE `centres` ADD `customer_phone` text;--> statement-breakpoint
ALTER TABLE `centres` ADD `customer_email` text;--> statement-breakpoint
ALTER TABLE `centres` ADD `contact_declarations` text DEFAULT '{}' NOT NULL;--> statement-breakpoint
ALTER TABLE `complaints` ADD `consequence` text;--> statement-breakpoint
CREATE INDEX `complaints_centre_created_idx` ON `complaints` (`centre_id`,`created_at`);