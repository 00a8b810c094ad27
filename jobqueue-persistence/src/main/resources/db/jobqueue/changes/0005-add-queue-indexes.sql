--liquibase formatted sql

-- Indexes the queue's queries need. See docs/schema.md for each reason.

--changeset jobqueue:0005-add-claim-index dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}' AND index_name = 'claim_index'
CREATE INDEX `claim_index` ON `${jobqueue.table}` (`job_type`, `state`, `tenant`, `id`);
--rollback DROP INDEX `claim_index` ON `${jobqueue.table}`;

--changeset jobqueue:0005-add-correlation-index dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}' AND index_name = 'correlation_index'
CREATE INDEX `correlation_index` ON `${jobqueue.table}` (`correlation_id`, `tenant`, `state`);
--rollback DROP INDEX `correlation_index` ON `${jobqueue.table}`;

--changeset jobqueue:0005-add-retry-group-index dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.statistics WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}_data' AND index_name = 'retry_group_index'
CREATE INDEX `retry_group_index` ON `${jobqueue.table}_data` (`retry_group`);
--rollback DROP INDEX `retry_group_index` ON `${jobqueue.table}_data`;
