--liquibase formatted sql

--changeset jobqueue:0002-create-jobs-data dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}_data'
CREATE TABLE `${jobqueue.table}_data`
(
   `id`           varchar(40)      NOT NULL,
   `tenant`       TINYINT UNSIGNED NOT NULL DEFAULT '0',
   `properties`   text                      DEFAULT NULL,
   `string_udf_1` text,
   `string_udf_2` text,
   `int_udf_1`    int                       DEFAULT NULL,
   `int_udf_2`    int                       DEFAULT NULL,
   `part`         timestamp        NOT NULL,
   `retry_group`  varchar(40)      NOT NULL,
   `created_at`   timestamp        NULL     DEFAULT CURRENT_TIMESTAMP,
   `updated_at`   timestamp        NULL     DEFAULT CURRENT_TIMESTAMP ON UPDATE CURRENT_TIMESTAMP,
   PRIMARY KEY (`id`, `part`)
) PARTITION BY RANGE (UNIX_TIMESTAMP(`part`)) (
   PARTITION pmax VALUES LESS THAN MAXVALUE
   );
--rollback DROP TABLE `${jobqueue.table}_data`;
