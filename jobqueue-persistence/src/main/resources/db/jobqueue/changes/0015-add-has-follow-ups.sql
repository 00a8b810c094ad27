--liquibase formatted sql

-- A nullable flag on the data row of a job that another job follows (a continuation, or the
-- membership of a batch): the worker reads it with the job when it claims it, so completing a
-- job nobody follows costs no statement. Invisible to the Go library (its INSERTs name their
-- columns; its retry leaves it NULL). See docs/workflows.md.

--changeset jobqueue:0015-add-has-follow-ups dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}_data' AND column_name = 'has_follow_ups'
ALTER TABLE `${jobqueue.table}_data` ADD COLUMN `has_follow_ups` TINYINT UNSIGNED NULL DEFAULT NULL;
--rollback ALTER TABLE `${jobqueue.table}_data` DROP COLUMN `has_follow_ups`;
