--liquibase formatted sql

-- Leases for work that one node at a time must do (partition maintenance), taken with a guarded
-- UPDATE so they hold on every server type, a Galera cluster included (where GET_LOCK is local
-- to a node). A table of our own: the Go library never reads or writes it. See docs/schema.md.

--changeset jobqueue:0007-create-locks dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}_locks'
CREATE TABLE `${jobqueue.table}_locks`
(
   `name`       varchar(64)  NOT NULL,
   `owner`      varchar(128) NOT NULL,
   `expires_at` timestamp(3) NOT NULL DEFAULT '1970-01-01 00:00:01.000',
   PRIMARY KEY (`name`)
) ENGINE = InnoDB;
--rollback DROP TABLE `${jobqueue.table}_locks`;
