--liquibase formatted sql

-- Nullable additions, invisible to the Go library (every one of its INSERTs names its columns).
-- See docs/schema.md.

--changeset jobqueue:0004-add-lease-expires-at dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}' AND column_name = 'lease_expires_at'
ALTER TABLE `${jobqueue.table}` ADD COLUMN `lease_expires_at` timestamp(3) NULL DEFAULT NULL;
--rollback ALTER TABLE `${jobqueue.table}` DROP COLUMN `lease_expires_at`;

--changeset jobqueue:0004-add-attempt dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}_data' AND column_name = 'attempt'
ALTER TABLE `${jobqueue.table}_data` ADD COLUMN `attempt` TINYINT UNSIGNED NULL DEFAULT NULL;
--rollback ALTER TABLE `${jobqueue.table}_data` DROP COLUMN `attempt`;
