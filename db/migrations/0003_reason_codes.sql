ALTER TABLE `certificate_status_history` ADD `reason_code` text;--> statement-breakpoint
ALTER TABLE `certificate_status_history` ADD `reason_params` text;--> statement-breakpoint
ALTER TABLE `certificates` ADD `status_reason_code` text;--> statement-breakpoint
ALTER TABLE `certificates` ADD `status_reason_params` text;