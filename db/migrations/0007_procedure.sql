CREATE TABLE `policy_handouts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`household_id` integer NOT NULL,
	`handed_date` text NOT NULL,
	`handed_by` text NOT NULL,
	`document_id` integer,
	`created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL,
	FOREIGN KEY (`household_id`) REFERENCES `households`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `policy_handouts_household_idx` ON `policy_handouts` (`household_id`,`handed_date`);--> statement-breakpoint
ALTER TABLE `members` ADD `minimum_living_since` text;--> statement-breakpoint
ALTER TABLE `members` ADD `extreme_poverty_since` text;--> statement-breakpoint
ALTER TABLE `problems` ADD `proposal` text;--> statement-breakpoint
ALTER TABLE `problems` ADD `proposal_date` text;--> statement-breakpoint
ALTER TABLE `problems` ADD `proposal_category` text;--> statement-breakpoint
ALTER TABLE `problems` ADD `proposal_risks` text;--> statement-breakpoint
ALTER TABLE `problems` ADD `proposal_method` text;--> statement-breakpoint
ALTER TABLE `problems` ADD `decision` text;--> statement-breakpoint
ALTER TABLE `problems` ADD `decision_date` text;--> statement-breakpoint
CREATE INDEX `problems_proposal_idx` ON `problems` (`proposal`,`proposal_date`);--> statement-breakpoint
ALTER TABLE `problem_steps` ADD `backfill_reason` text DEFAULT '' NOT NULL;