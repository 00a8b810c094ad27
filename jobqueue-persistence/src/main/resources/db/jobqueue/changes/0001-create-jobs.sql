--liquibase formatted sql

-- The seed's DDL, with one catch-all partition instead of its 2023 weeks: until the partition
-- maintainer splits it, any part a TIMESTAMP holds inserts. A database that the Go library
-- already uses keeps its table untouched (the precondition marks this change as ran).

--changeset jobqueue:0001-create-jobs dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}'
CREATE TABLE `${jobqueue.table}`
(
   `id`                varchar(40)      NOT NULL,
   `tenant`            TINYINT UNSIGNED NOT NULL DEFAULT '0',
   `correlation_id`    varchar(128)              DEFAULT NULL,
   `job_type`          TINYINT UNSIGNED NOT NULL DEFAULT '1',
   `state`             TINYINT UNSIGNED NOT NULL DEFAULT '1',
   `sub_state`         TINYINT UNSIGNED NOT NULL DEFAULT '11',
   `pending_execution` TINYINT UNSIGNED NOT NULL DEFAULT '3',
   `version`           TINYINT UNSIGNED NOT NULL DEFAULT '0',
   `process_at`        timestamp        NOT NULL,
   `part`              timestamp        NOT NULL,
   `created_at`        timestamp        NOT NULL DEFAULT CURRENT_TIMESTAMP,
   `updated_at`        timestamp        NOT NULL DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
   PRIMARY KEY (`id`, `part`),
   KEY `process_at_index` (`process_at`, `job_type`, `state`, `tenant`, `pending_execution`),
   KEY `job_type_index` (`job_type`, `state`, `tenant`)
) PARTITION BY RANGE (UNIX_TIMESTAMP(`part`)) (
   PARTITION pmax VALUES LESS THAN MAXVALUE
   );
--rollback DROP TABLE `${jobqueue.table}`;
