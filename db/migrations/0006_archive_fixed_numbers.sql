CREATE TABLE `archive_removals` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`fonds_code` text NOT NULL,
	`class_code` text NOT NULL,
	`year` integer NOT NULL,
	`retention` text NOT NULL,
	`org_code` text NOT NULL,
	`item_no` integer NOT NULL,
	`archival_code` text NOT NULL,
	`title` text NOT NULL,
	`removed_at` text NOT NULL,
	`reason` text NOT NULL,
	`operator` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `archive_removals_year_idx` ON `archive_removals` (`year`,`retention`,`item_no`);--> statement-breakpoint
ALTER TABLE `archive_items` ADD `source_key` text;--> statement-breakpoint
ALTER TABLE `archive_items` ADD `exported_at` text;--> statement-breakpoint
CREATE UNIQUE INDEX `archive_items_source_unique` ON `archive_items` (`source_key`) WHERE source_key IS NOT NULL;