--liquibase formatted sql

-- Tables that the Go library created end with its last weekly partition, so a job due later
-- fails to insert. Adding a MAXVALUE partition at the end moves no row.

--changeset jobqueue:0003-add-catch-all-partition-jobs dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:1 SELECT CASE WHEN SUM(partition_name IS NOT NULL) > 0 AND SUM(partition_description = 'MAXVALUE') = 0 THEN 1 ELSE 0 END FROM information_schema.partitions WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}'
ALTER TABLE `${jobqueue.table}` ADD PARTITION (PARTITION pmax VALUES LESS THAN MAXVALUE);
--rollback ALTER TABLE `${jobqueue.table}` DROP PARTITION pmax;

--changeset jobqueue:0003-add-catch-all-partition-jobs-data dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:1 SELECT CASE WHEN SUM(partition_name IS NOT NULL) > 0 AND SUM(partition_description = 'MAXVALUE') = 0 THEN 1 ELSE 0 END FROM information_schema.partitions WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}_data'
ALTER TABLE `${jobqueue.table}_data` ADD PARTITION (PARTITION pmax VALUES LESS THAN MAXVALUE);
--rollback ALTER TABLE `${jobqueue.table}_data` DROP PARTITION pmax;
