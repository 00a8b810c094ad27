--liquibase formatted sql

-- Jobs that follow jobs (issue #16): continuations and batches. Tables of our own: the Go
-- library never reads or writes them. Times are DATETIME holding UTC wall-clock text, so no
-- session time zone converts them. See docs/workflows.md and docs/schema.md.

--changeset jobqueue:0014-create-follow-ups dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}_follow_ups'
CREATE TABLE `${jobqueue.table}_follow_ups`
(
   `seq`                BIGINT           NOT NULL AUTO_INCREMENT,
   `retry_group`        varchar(48)      NOT NULL,              -- the job followed, or 'batch:' and a batch id
   `kind`               TINYINT UNSIGNED NOT NULL,              -- 1 on success, 2 on failure, 3 batch member, 4 batch callback
   `batch_id`           varchar(36)               DEFAULT NULL, -- kind 3: the member's batch
   `job_id`             varchar(40)               DEFAULT NULL, -- kind 4: the callback's id, fixed when the batch is created
   `tenant`             TINYINT UNSIGNED NOT NULL DEFAULT '0',
   `job_type`           TINYINT UNSIGNED NOT NULL DEFAULT '0',
   `correlation_id`     varchar(128)              DEFAULT NULL,
   `sub_state`          TINYINT UNSIGNED NOT NULL DEFAULT '10',
   `executions`         TINYINT UNSIGNED NOT NULL DEFAULT '1',
   `run_at`             datetime                  DEFAULT NULL, -- not before this time; NULL: at once
   `properties`         text                      DEFAULT NULL,
   `string_udf_1`       text                      DEFAULT NULL,
   `string_udf_2`       text                      DEFAULT NULL,
   `int_udf_1`          int                       DEFAULT NULL,
   `int_udf_2`          int                       DEFAULT NULL,
   `job_retry_group`    varchar(40)               DEFAULT NULL, -- the new job's own retry group, fixed in advance
   `job_has_follow_ups` TINYINT UNSIGNED NOT NULL DEFAULT '0',  -- whether the new job is followed in turn
   `created_at`         timestamp        NOT NULL DEFAULT CURRENT_TIMESTAMP,
   PRIMARY KEY (`retry_group`, `seq`),
   KEY `seq_index` (`seq`)
) ENGINE = InnoDB;
--rollback DROP TABLE `${jobqueue.table}_follow_ups`;

--changeset jobqueue:0014-create-batches dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}_batches'
CREATE TABLE `${jobqueue.table}_batches`
(
   `batch_id`    varchar(36)      NOT NULL,
   `tenant`      TINYINT UNSIGNED NOT NULL DEFAULT '0',
   `total`       INT UNSIGNED     NOT NULL,
   `remaining`   INT UNSIGNED     NOT NULL,
   `succeeded`   INT UNSIGNED     NOT NULL DEFAULT '0',
   `failed`      INT UNSIGNED     NOT NULL DEFAULT '0',
   `cancelled`   INT UNSIGNED     NOT NULL DEFAULT '0',
   `callback_id` varchar(40)               DEFAULT NULL,
   `created_at`  datetime(3)      NOT NULL,
   `finished_at` datetime(3)               DEFAULT NULL,
   PRIMARY KEY (`batch_id`)
) ENGINE = InnoDB;
--rollback DROP TABLE `${jobqueue.table}_batches`;
