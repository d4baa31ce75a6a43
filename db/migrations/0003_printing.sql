CREATE TABLE `documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`title` text NOT NULL,
	`doc_date` text NOT NULL,
	`file` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`pages` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `documents_kind_date_idx` ON `documents` (`kind`,`doc_date`);--> statement-breakpoint
CREATE TABLE `notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`kind` text NOT NULL,
	`year` integer NOT NULL,
	`serial` integer NOT NULL,
	`title` text NOT NULL,
	`body` text NOT NULL,
	`issuer` text NOT NULL,
	`issue_date` text NOT NULL,
	`period_start` text NOT NULL,
	`period_end` text NOT NULL,
	`grid_id` integer,
	`data_from` text,
	`data_to` text,
	`source_notice_id` integer,
	`table_json` text NOT NULL,
	`document_id` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`source_notice_id`) REFERENCES `notices`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notices_serial_unique` ON `notices` (`year`,`serial`);--> statement-breakpoint
CREATE INDEX `notices_period_idx` ON `notices` (`period_end`);--> statement-breakpoint
CREATE UNIQUE INDEX `notices_source_unique` ON `notices` (`source_notice_id`) WHERE source_notice_id IS NOT NULL;--> statement-breakpoint
CREATE TABLE `card_prints` (
	`household_id` integer PRIMARY KEY NOT NULL,
	`content_hash` text NOT NULL,
	`printed_at` text NOT NULL,
	`document_id` integer,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE set null
);
