--liquibase formatted sql

-- The seed's job_type_index (job_type, state, tenant) is a strict prefix of claim_index
-- (job_type, state, tenant, id), so no read needs it as it is. Redefined, under the same name,
-- as (job_type, state, tenant, process_at): the dashboard overview counts a queue's scheduled
-- jobs due now and due later from this index alone, without a row read per job. The table keeps
-- as many indexes as before (an insert maintains no extra one), the name and its leading columns
-- stay, so a statement that names or uses the seed's index (the Go library's reads by
-- job_type, state and tenant) still finds it. See docs/schema.md.
-- Runs only on the seed's exact definition: a table whose index already ends in process_at, or
-- that has no job_type_index, is left as it is (marked as ran).

--changeset jobqueue:0017-extend-job-type-index dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:1 SELECT CASE WHEN COUNT(*) = 3 AND SUM((seq_in_index = 1 AND column_name = 'job_type') OR (seq_in_index = 2 AND column_name = 'state') OR (seq_in_index = 3 AND column_name = 'tenant')) = 3 THEN 1 ELSE 0 END FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}' AND index_name = 'job_type_index'
ALTER TABLE `${jobqueue.table}` DROP INDEX `job_type_index`, ADD INDEX `job_type_index` (`job_type`, `state`, `tenant`, `process_at`);
--rollback ALTER TABLE `${jobqueue.table}` DROP INDEX `job_type_index`, ADD INDEX `job_type_index` (`job_type`, `state`, `tenant`);
