--liquibase formatted sql

-- A nullable addition, invisible to the Go library (every one of its INSERTs names its columns).
-- Set once a claimed job's handler has started; lease recovery gives the execution back to a row
-- whose run never started. See docs/schema.md and docs/reliability.md.

--changeset jobqueue:0006-add-run-started-at dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}' AND column_name = 'run_started_at'
ALTER TABLE `${jobqueue.table}` ADD COLUMN `run_started_at` timestamp(3) NULL DEFAULT NULL;
--rollback ALTER TABLE `${jobqueue.table}` DROP COLUMN `run_started_at`;
