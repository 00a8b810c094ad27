--liquibase formatted sql

-- What a node registers beyond 0012: the ids of the job types it serves (job_types holds their
-- handlers' names, for people), so that any node can tell which due jobs no live node serves.
-- A table of our own: the Go library never reads or writes it. See docs/operations.md.

--changeset jobqueue:0016-add-node-type-ids dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}_nodes' AND column_name = 'type_ids'
ALTER TABLE `${jobqueue.table}_nodes` ADD COLUMN `type_ids` varchar(1024) NOT NULL DEFAULT '';
--rollback ALTER TABLE `${jobqueue.table}_nodes` DROP COLUMN `type_ids`;

-- The ids of the jobs the node held at its last heartbeat (comma-separated), so that every node
-- can list any node's held jobs with their leases, read from the jobs' rows.
--changeset jobqueue:0016-add-node-held-job-ids dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}_nodes' AND column_name = 'held_job_ids'
ALTER TABLE `${jobqueue.table}_nodes` ADD COLUMN `held_job_ids` mediumtext NULL;
--rollback ALTER TABLE `${jobqueue.table}_nodes` DROP COLUMN `held_job_ids`;
