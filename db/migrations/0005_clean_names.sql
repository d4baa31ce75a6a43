-- No schema change. The data step of the same tag (db/data-steps.ts, cleanPersonNames) runs
-- right after this file, in the same transaction: person names stored before docs/domain.md
-- §10 lose their blanks as new input does, each change audited, the count in the app's log.
SELECT 1;
