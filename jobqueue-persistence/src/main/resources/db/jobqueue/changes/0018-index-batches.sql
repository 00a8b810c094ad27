--liquibase formatted sql

-- Finished batches are deleted by partition maintenance once they finished more than the
-- retention ago (their members' partitions go at the same age); the index keeps that delete,
-- and the dashboard's list of recent batches, to a range. See docs/workflows.md.

--changeset jobqueue:0018-index-batches-finished dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}_batches' AND index_name = 'finished_index'
CREATE INDEX `finished_index` ON `${jobqueue.table}_batches` (`finished_at`);
--rollback DROP INDEX `finished_index` ON `${jobqueue.table}_batches`;

--changeset jobqueue:0018-index-batches-created dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}_batches' AND index_name = 'created_index'
CREATE INDEX `created_index` ON `${jobqueue.table}_batches` (`created_at`);
--rollback DROP INDEX `created_index` ON `${jobqueue.table}_batches`;
