CREATE TABLE `watch_subscriptions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`watcher_id` integer NOT NULL,
	`centre_id` integer NOT NULL,
	`state` text NOT NULL,
	`confirm_token_hash` text,
	`confirm_expires_at` text,
	`created_at` text NOT NULL,
	`confirmed_at` text,
	FOREIGN KEY (`watcher_id`) REFERENCES `watchers`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`centre_id`) REFERENCES `centres`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `watch_subscriptions_uq` ON `watch_subscriptions` (`watcher_id`,`centre_id`);--> statement-breakpoint
CREATE INDEX `watch_subscriptions_centre_idx` ON `watch_subscriptions` (`centre_id`,`state`);--> statement-breakpoint
CREATE INDEX `watch_subscriptions_token_idx` ON `watch_subscriptions` (`confirm_token_hash`);--> statement-breakpoint
CREATE TABLE `watchers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`language` text NOT NULL,
	`request_window_started_at` text NOT NULL,
	`requests_in_window` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `watchers_email_unique` ON `watchers` (`email`);