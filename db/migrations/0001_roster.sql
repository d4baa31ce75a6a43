CREATE TABLE `workers` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`sex` text NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`unit` text DEFAULT '' NOT NULL,
	`post` text DEFAULT '' NOT NULL,
	`birth_year` integer,
	`photo_file` text,
	`note` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE INDEX `workers_name_idx` ON `workers` (`name`);--> statement-breakpoint
CREATE TABLE `worker_roles` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`worker_id` integer NOT NULL,
	`grid_id` integer NOT NULL,
	`role` text NOT NULL,
	`duties` text DEFAULT '' NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	FOREIGN KEY (`worker_id`) REFERENCES `workers`(`id`) ON UPDATE no action ON DELETE restrict,
	FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE INDEX `worker_roles_grid_idx` ON `worker_roles` (`grid_id`,`end_date`);--> statement-breakpoint
CREATE INDEX `worker_roles_worker_idx` ON `worker_roles` (`worker_id`,`start_date`);--> statement-breakpoint
CREATE TABLE `households` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_no` text,
	`address` text DEFAULT '' NOT NULL,
	`natural_village` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`phone_rev` text DEFAULT '' NOT NULL,
	`household_type` text NOT NULL,
	`monitor_category` text,
	`identified_date` text,
	`no_labour_support` integer DEFAULT false NOT NULL,
	`developmental_aid` integer DEFAULT false NOT NULL,
	`relocated` integer DEFAULT false NOT NULL,
	`housing_unsafe` integer DEFAULT false NOT NULL,
	`school_dropout` integer DEFAULT false NOT NULL,
	`water_unsafe` integer DEFAULT false NOT NULL,
	`no_medical_insurance` integer DEFAULT false NOT NULL,
	`elimination_status` text,
	`elimination_method` text,
	`elimination_date` text,
	`note` text DEFAULT '' NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `households_no_unique` ON `households` (`household_no`) WHERE household_no IS NOT NULL;--> statement-breakpoint
CREATE INDEX `households_phone_rev_idx` ON `households` (`phone_rev`);--> statement-breakpoint
CREATE INDEX `households_monitor_idx` ON `households` (`monitor_category`);--> statement-breakpoint
CREATE TABLE `members` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`name` text NOT NULL,
	`name_initials` text DEFAULT '' NOT NULL,
	`sex` text NOT NULL,
	`id_number` text,
	`id_key` text,
	`id_rev` text,
	`relation` text NOT NULL,
	`birth_date` text,
	`ethnicity` text DEFAULT '汉族' NOT NULL,
	`education` text,
	`school_status` text,
	`health` text DEFAULT '健康' NOT NULL,
	`labour_skill` text,
	`work_place` text,
	`work_months` integer,
	`basic_medical_insurance` integer DEFAULT false NOT NULL,
	`serious_illness_insurance` integer DEFAULT false NOT NULL,
	`pension_insurance` integer DEFAULT false NOT NULL,
	`minimum_living` integer DEFAULT false NOT NULL,
	`extreme_poverty` integer DEFAULT false NOT NULL,
	`sort_order` integer DEFAULT 0 NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `members_household_idx` ON `members` (`household_id`,`sort_order`);--> statement-breakpoint
CREATE UNIQUE INDEX `members_id_key_unique` ON `members` (`id_key`) WHERE id_key IS NOT NULL;--> statement-breakpoint
CREATE INDEX `members_id_rev_idx` ON `members` (`id_rev`);--> statement-breakpoint
CREATE INDEX `members_name_idx` ON `members` (`name`);--> statement-breakpoint
CREATE INDEX `members_initials_idx` ON `members` (`name_initials`);--> statement-breakpoint
CREATE TABLE `household_grids` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`grid_id` integer NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`grid_id`) REFERENCES `grids`(`id`) ON UPDATE no action ON DELETE restrict
);
--> statement-breakpoint
CREATE UNIQUE INDEX `household_grids_current_unique` ON `household_grids` (`household_id`) WHERE end_date IS NULL;--> statement-breakpoint
CREATE INDEX `household_grids_grid_idx` ON `household_grids` (`grid_id`,`end_date`);--> statement-breakpoint
CREATE TABLE `household_risks` (
	`household_id` integer NOT NULL,
	`risk_type` text NOT NULL,
	`disaster_subtype` text,
	PRIMARY KEY(`household_id`, `risk_type`),
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `household_incomes` (
	`household_id` integer NOT NULL,
	`year` integer NOT NULL,
	`wage_income` real,
	`business_income` real,
	`property_income` real,
	`transfer_income` real,
	`business_cost` real,
	`per_capita_net_income` real,
	`compliant_out_of_pocket` real,
	PRIMARY KEY(`household_id`, `year`),
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `assistance_contacts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`name` text NOT NULL,
	`unit` text DEFAULT '' NOT NULL,
	`phone` text DEFAULT '' NOT NULL,
	`start_date` text NOT NULL,
	`end_date` text,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `assistance_contacts_household_idx` ON `assistance_contacts` (`household_id`,`end_date`);--> statement-breakpoint
CREATE TABLE `measures` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`category` text NOT NULL,
	`content` text NOT NULL,
	`planned_date` text,
	`done_date` text,
	`status` text NOT NULL,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	`updated_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `measures_household_idx` ON `measures` (`household_id`);--> statement-breakpoint
CREATE INDEX `measures_category_idx` ON `measures` (`category`,`status`);--> statement-breakpoint
ALTER TABLE `grids` ADD `archived_at` text;