--liquibase formatted sql

-- Why a job failed: one row per failed job row (id, part), written in the transaction that
-- records the failure. A table of our own: the Go library never reads or writes it, and the
-- queue tables keep exactly the seed's columns. retry_group (copied from the data row) lets lease
-- recovery count how often a job's worker died while running it. See docs/operations.md.

--changeset jobqueue:0011-create-failures dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}_failures'
CREATE TABLE `${jobqueue.table}_failures`
(
   `id`              varchar(40)  NOT NULL,
   `part`            timestamp    NOT NULL DEFAULT '1970-01-01 00:00:01',
   `retry_group`     varchar(64)  NOT NULL DEFAULT '',
   `kind`            varchar(16)  NOT NULL,
   `exception_class` varchar(255) NOT NULL DEFAULT '',
   `message`         text         NULL,
   `stack_trace`     mediumtext   NULL,
   `node`            varchar(128) NOT NULL DEFAULT '',
   `failed_at`       timestamp(3) NOT NULL DEFAULT '1970-01-01 00:00:01.000',
   PRIMARY KEY (`id`, `part`),
   KEY `retry_group_index` (`retry_group`, `kind`)
) ENGINE = InnoDB;
--rollback DROP TABLE `${jobqueue.table}_failures`;
