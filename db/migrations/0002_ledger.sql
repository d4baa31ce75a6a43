CREATE TABLE `problems` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`grid_id` integer NOT NULL,
	`worker_id` integer NOT NULL,
	`household_id` integer,
	`person_name` text DEFAULT '' NOT NULL,
	`place` text DEFAULT '' NOT NULL,
	`category` text NOT NULL,
	`source` text NOT NULL,
	`description` text NOT NULL,
	`registered_date` text NOT NULL,
	`due_date` text NOT NULL,
	`status` text DEFAULT '未解决' NOT NULL,
	`measure_taken` text DEFAULT '' NOT NULL,
	`responsible_person` text DEFAULT '' NOT NULL,
	`resolved_date` text,
	`follow_up_date` text,
	`follow_up_result` text DEFAULT '' NOT NULL,
	`satisfaction` text,
	`note` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`worker_id`) REFERENCES `workers`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `problems_registered_idx` ON `problems` (`registered_date`);--> statement-breakpoint
CREATE INDEX `problems_grid_idx` ON `problems` (`grid_id`,`registered_date`);--> statement-breakpoint
CREATE INDEX `problems_worker_idx` ON `problems` (`worker_id`,`registered_date`);--> statement-breakpoint
CREATE INDEX `problems_household_idx` ON `problems` (`household_id`);--> statement-breakpoint
CREATE INDEX `problems_status_idx` ON `problems` (`status`,`due_date`);--> statement-breakpoint
CREATE TABLE `problem_steps` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`problem_id` integer NOT NULL,
	`step` text NOT NULL,
	`date` text NOT NULL,
	`end_date` text,
	`person` text DEFAULT '' NOT NULL,
	`outcome` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`problem_id`) REFERENCES `problems`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `problem_steps_unique` ON `problem_steps` (`problem_id`,`step`);--> statement-breakpoint
CREATE INDEX `problem_steps_date_idx` ON `problem_steps` (`date`);--> statement-breakpoint
CREATE TABLE `problem_attachments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`problem_id` integer NOT NULL,
	`step_id` integer,
	`original_name` text NOT NULL,
	`stored_file` text NOT NULL,
	`sha256` text NOT NULL,
	`size` integer NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`problem_id`) REFERENCES `problems`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`step_id`) REFERENCES `problem_steps`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `problem_attachments_problem_idx` ON `problem_attachments` (`problem_id`);--> statement-breakpoint
CREATE TABLE `visits` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`worker_id` integer NOT NULL,
	`date` text NOT NULL,
	`way` text NOT NULL,
	`findings` text DEFAULT '' NOT NULL,
	`problem_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`worker_id`) REFERENCES `workers`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`problem_id`) REFERENCES `problems`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `visits_household_idx` ON `visits` (`household_id`,`date`);--> statement-breakpoint
CREATE INDEX `visits_worker_idx` ON `visits` (`worker_id`,`date`);--> statement-breakpoint
CREATE INDEX `visits_date_idx` ON `visits` (`date`);--> statement-breakpoint
CREATE TABLE `meeting_problems` (
	`meeting_id` integer NOT NULL,
	`problem_id` integer NOT NULL,
	PRIMARY KEY(`meeting_id`, `problem_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`problem_id`) REFERENCES `problems`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`grid_id` integer NOT NULL,
	`date` text NOT NULL,
	`place` text DEFAULT '' NOT NULL,
	`host` text DEFAULT '' NOT NULL,
	`attendees` text DEFAULT '' NOT NULL,
	`topics` text DEFAULT '' NOT NULL,
	`decisions` text DEFAULT '' NOT NULL,
	`recorder` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `meetings_date_idx` ON `meetings` (`date`);--> statement-breakpoint
CREATE TABLE `worker_evaluations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`worker_id` integer NOT NULL,
	`period` text NOT NULL,
	`manual_score` real,
	`note` text DEFAULT '' NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`worker_id`) REFERENCES `workers`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `worker_evaluations_unique` ON `worker_evaluations` (`worker_id`,`period`);