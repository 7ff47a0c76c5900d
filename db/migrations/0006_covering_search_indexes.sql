DROP INDEX `register_entries_status_score_idx`;--> statement-breakpoint
DROP INDEX `register_entries_status_name_idx`;--> statement-breakpoint
DROP INDEX `register_entries_score_idx`;--> statement-breakpoint
DROP INDEX `register_entries_name_idx`;--> statement-breakpoint
CREATE INDEX `register_entries_status_score_idx` ON `register_entries` (`status`,"overall" DESC,`sort_name`,`centre_id`,`type`,`certificate_id`);--> statement-breakpoint
CREATE INDEX `register_entries_status_name_idx` ON `register_entries` (`status`,`sort_name`,`centre_id`,`overall`,`type`,`certificate_id`);--> statement-breakpoint
CREATE INDEX `register_entries_score_idx` ON `register_entries` ("overall" DESC,`sort_name`,`centre_id`,`status`,`type`,`certificate_id`);--> statement-breakpoint
CREATE INDEX `register_entries_name_idx` ON `register_entries` (`sort_name`,`centre_id`,`status`,`overall`,`type`,`certificate_id`);