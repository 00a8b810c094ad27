--liquibase formatted sql

-- Flow control (issue #17): one row per job type (tenant -1) or per job type and tenant that has a
-- concurrency cap or a rate limit. A claim of such a type locks its rows first, so claims of it
-- across the cluster take turns. The rate limit's current window (its start in epoch milliseconds,
-- which no session time zone shifts) and the starts in it are kept here. A table of our own: the
-- Go library never reads or writes it. See docs/flow-control.md.

--changeset jobqueue:0010-create-flow dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}_flow'
CREATE TABLE `${jobqueue.table}_flow`
(
   `job_type`      SMALLINT     NOT NULL,
   `tenant`        SMALLINT     NOT NULL,
   `window_start`  BIGINT       NOT NULL DEFAULT 0,
   `window_starts` INT          NOT NULL DEFAULT 0,
   PRIMARY KEY (`job_type`, `tenant`)
) ENGINE = InnoDB;
--rollback DROP TABLE `${jobqueue.table}_flow`;
