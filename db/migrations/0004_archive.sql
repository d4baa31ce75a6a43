CREATE TABLE `archive_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`fonds_code` text NOT NULL,
	`class_code` text DEFAULT 'WS' NOT NULL,
	`year` integer NOT NULL,
	`retention` text NOT NULL,
	`org_code` text NOT NULL,
	`org_name` text NOT NULL,
	`item_no` integer NOT NULL,
	`archival_code` text NOT NULL,
	`doc_no` text DEFAULT '' NOT NULL,
	`responsible` text NOT NULL,
	`title` text NOT NULL,
	`date` text NOT NULL,
	`secrecy` text DEFAULT '' NOT NULL,
	`pages` integer NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`category` text NOT NULL,
	`file` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`format` text NOT NULL,
	`document_id` integer,
	`household_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `archive_items_number_unique` ON `archive_items` (`fonds_code`,`class_code`,`year`,`retention`,`org_code`,`item_no`);--> statement-breakpoint
CREATE UNIQUE INDEX `archive_items_code_unique` ON `archive_items` (`archival_code`);--> statement-breakpoint
CREATE UNIQUE INDEX `archive_items_document_unique` ON `archive_items` (`document_id`) WHERE document_id IS NOT NULL;--> statement-breakpoint
CREATE INDEX `archive_items_year_idx` ON `archive_items` (`year`,`category`);--> statement-breakpoint
CREATE TABLE `archive_seals` (
	`year` integer PRIMARY KEY NOT NULL,
	`sealed_at` text NOT NULL,
	`operator` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `archive_import_items` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`import_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`archival_code` text NOT NULL,
	`responsible` text DEFAULT '' NOT NULL,
	`title` text NOT NULL,
	`date` text DEFAULT '' NOT NULL,
	`secrecy` text DEFAULT '' NOT NULL,
	`file_name` text DEFAULT '' NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	FOREIGN KEY (`import_id`) REFERENCES `archive_imports`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `archive_import_items_import_idx` ON `archive_import_items` (`import_id`,`seq`);--> statement-breakpoint
CREATE TABLE `archive_imports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`label` text NOT NULL,
	`source_name` text NOT NULL,
	`fonds_code` text DEFAULT '' NOT NULL,
	`folder` text NOT NULL,
	`item_count` integer NOT NULL,
	`file_count` integer NOT NULL,
	`check_json` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
