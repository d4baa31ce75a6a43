CREATE TABLE `workspace` (
	`id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name` text NOT NULL,
	`county` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	CONSTRAINT "workspace_single_row" CHECK(id = 1)
);
--> statement-breakpoint
CREATE TABLE `report_ids` (
	`village_id` integer NOT NULL,
	`entity` text NOT NULL,
	`source_id` integer NOT NULL,
	`local_id` integer NOT NULL,
	PRIMARY KEY(`village_id`, `entity`, `source_id`),
	FOREIGN KEY (`village_id`) REFERENCES `report_villages`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `report_ids_local_idx` ON `report_ids` (`entity`,`local_id`);--> statement-breakpoint
CREATE TABLE `report_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`file_name` text NOT NULL,
	`village_key` text DEFAULT '' NOT NULL,
	`village_name` text DEFAULT '' NOT NULL,
	`period` text DEFAULT '' NOT NULL,
	`package_created_at` text DEFAULT '' NOT NULL,
	`package_sha256` text DEFAULT '' NOT NULL,
	`outcome` text NOT NULL,
	`message` text DEFAULT '' NOT NULL,
	`imported_by` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `report_imports_village_idx` ON `report_imports` (`village_key`,`created_at`);--> statement-breakpoint
CREATE TABLE `report_villages` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`village_key` text NOT NULL,
	`grid_id` integer,
	`village_name` text NOT NULL,
	`village_code` text DEFAULT '' NOT NULL,
	`township_name` text NOT NULL,
	`county_name` text NOT NULL,
	`fonds_code` text DEFAULT '' NOT NULL,
	`period` text NOT NULL,
	`package_created_at` text NOT NULL,
	`package_sha256` text NOT NULL,
	`schema_version` integer NOT NULL,
	`app_version` text NOT NULL,
	`counts` text NOT NULL,
	`figures` text NOT NULL,
	`self_check` text NOT NULL,
	`imported_at` text NOT NULL,
	`imported_by` text NOT NULL,
	FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_villages_village_key_unique` ON `report_villages` (`village_key`);--> statement-breakpoint
CREATE TABLE `review_feedback` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`township` text NOT NULL,
	`note_id` integer NOT NULL,
	`entity` text NOT NULL,
	`record_id` integer NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`note` text NOT NULL,
	`author` text NOT NULL,
	`noted_at` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `review_feedback_note_unique` ON `review_feedback` (`township`,`note_id`);--> statement-breakpoint
CREATE INDEX `review_feedback_record_idx` ON `review_feedback` (`entity`,`record_id`);--> statement-breakpoint
CREATE TABLE `review_notes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`village_key` text NOT NULL,
	`entity` text NOT NULL,
	`source_id` integer NOT NULL,
	`subject` text DEFAULT '' NOT NULL,
	`note` text NOT NULL,
	`author` text NOT NULL,
	`sent_at` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `review_notes_village_idx` ON `review_notes` (`village_key`,`entity`,`source_id`);--> statement-breakpoint
CREATE TABLE `bulletins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`month` text NOT NULL,
	`title` text NOT NULL,
	`sections` text NOT NULL,
	`year` integer,
	`number` integer,
	`issued_at` text,
	`issued_by` text,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `bulletins_number_unique` ON `bulletins` (`year`,`number`) WHERE number IS NOT NULL;--> statement-breakpoint
CREATE TABLE `warning_batches` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`file_name` text NOT NULL,
	`department` text DEFAULT '' NOT NULL,
	`imported_by` text NOT NULL,
	`row_count` integer NOT NULL,
	`matched` integer NOT NULL,
	`unmatched` integer NOT NULL,
	`duplicates` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE TABLE `warning_rows` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`batch_id` integer NOT NULL,
	`row_number` integer NOT NULL,
	`name` text DEFAULT '' NOT NULL,
	`id_number` text DEFAULT '' NOT NULL,
	`village` text DEFAULT '' NOT NULL,
	`warning_type` text DEFAULT '' NOT NULL,
	`warning_date` text DEFAULT '' NOT NULL,
	`department` text DEFAULT '' NOT NULL,
	`outcome` text NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`household_id` integer,
	`problem_id` integer,
	`check_due` text,
	FOREIGN KEY (`batch_id`) REFERENCES `warning_batches`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE set null,
	FOREIGN KEY (`problem_id`) REFERENCES `problems`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `warning_rows_batch_idx` ON `warning_rows` (`batch_id`,`row_number`);--> statement-breakpoint
CREATE INDEX `warning_rows_problem_idx` ON `warning_rows` (`problem_id`);