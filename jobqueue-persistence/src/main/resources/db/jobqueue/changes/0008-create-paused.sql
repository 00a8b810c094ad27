--liquibase formatted sql

-- Job types (per tenant, or for every tenant) that no node claims until an operator resumes them
-- (issue #14). A table of our own next to the queue's: the Go library never reads or writes it,
-- so a Go worker keeps claiming a paused type. See docs/schema.md and docs/operations.md.
-- tenant -1 pauses the type for every tenant; 0..255 for that tenant only.

--changeset jobqueue:0008-create-paused dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}_paused'
CREATE TABLE `${jobqueue.table}_paused`
(
   `job_type`  TINYINT UNSIGNED NOT NULL,
   `tenant`    SMALLINT         NOT NULL,
   `paused_at` timestamp(3)     NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
   `paused_by` varchar(128)     NOT NULL DEFAULT '',
   PRIMARY KEY (`job_type`, `tenant`)
) ENGINE = InnoDB;
--rollback DROP TABLE `${jobqueue.table}_paused`;
