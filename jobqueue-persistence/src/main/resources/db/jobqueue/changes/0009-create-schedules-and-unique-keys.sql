--liquibase formatted sql

-- Recurring schedules and unique-job keys (issue #16). Tables of our own: the Go library never
-- reads or writes them. Times are DATETIME holding UTC wall-clock text, so no session time zone
-- converts them (a TIMESTAMP could not hold a UTC time that falls into a skipped local hour).
-- See docs/recurring.md and docs/schema.md.

--changeset jobqueue:0009-create-schedules dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}_schedules'
CREATE TABLE `${jobqueue.table}_schedules`
(
   `name`          varchar(64)       NOT NULL,
   `tenant`        TINYINT UNSIGNED  NOT NULL DEFAULT '0',
   `job_type`      TINYINT UNSIGNED  NOT NULL,
   `cron`          varchar(128)               DEFAULT NULL,
   `interval_ms`   BIGINT                     DEFAULT NULL,
   `zone`          varchar(64)       NOT NULL DEFAULT 'UTC',
   `properties`    text                       DEFAULT NULL,
   `missed`        TINYINT UNSIGNED  NOT NULL DEFAULT '2',
   `missed_limit`  SMALLINT UNSIGNED NOT NULL DEFAULT '1',
   `origin`        TINYINT UNSIGNED  NOT NULL DEFAULT '1',
   `state`         TINYINT UNSIGNED  NOT NULL DEFAULT '1',
   `next_fire_at`  datetime                   DEFAULT NULL,
   `last_fire_at`  datetime                   DEFAULT NULL,
   `version`       INT UNSIGNED      NOT NULL DEFAULT '1',
   `created_at`    timestamp         NOT NULL DEFAULT CURRENT_TIMESTAMP,
   `updated_at`    timestamp         NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
   PRIMARY KEY (`name`),
   KEY `due_index` (`state`, `next_fire_at`)
) ENGINE = InnoDB;
--rollback DROP TABLE `${jobqueue.table}_schedules`;

--changeset jobqueue:0009-create-unique-keys dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}_unique_keys'
CREATE TABLE `${jobqueue.table}_unique_keys`
(
   `tenant`      TINYINT UNSIGNED NOT NULL,
   `unique_key`  varchar(191)     NOT NULL,
   `job_id`      varchar(40)      NOT NULL,
   `retry_group` varchar(40)      NOT NULL,
   `updated_at`  timestamp        NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
   PRIMARY KEY (`tenant`, `unique_key`)
) ENGINE = InnoDB;
--rollback DROP TABLE `${jobqueue.table}_unique_keys`;
