--liquibase formatted sql

-- The worker nodes of a queue: each registers itself at start, refreshes its row with its
-- heartbeats and deletes it on a graceful stop; a row whose expires_at (last heartbeat plus the
-- node's timeout) passed is no longer listed, and any node deletes it. A table of our own: the Go library never reads or writes it.

--changeset jobqueue:0012-create-nodes dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}_nodes'
CREATE TABLE `${jobqueue.table}_nodes`
(
   `node_id`      varchar(128)  NOT NULL,
   `host`         varchar(255)  NOT NULL DEFAULT '',
   `pid`          bigint        NOT NULL DEFAULT 0,
   `started_at`   timestamp(3)  NOT NULL DEFAULT '1970-01-01 00:00:01.000',
   `job_types`    varchar(4000) NOT NULL DEFAULT '',
   `tenants`      varchar(1024) NOT NULL DEFAULT '',
   `held_jobs`    int           NOT NULL DEFAULT 0,
   `heartbeat_at` timestamp(3)  NOT NULL DEFAULT '1970-01-01 00:00:01.000',
   `expires_at`   timestamp(3)  NOT NULL DEFAULT '1970-01-01 00:00:01.000',
   PRIMARY KEY (`node_id`)
) ENGINE = InnoDB;
--rollback DROP TABLE `${jobqueue.table}_nodes`;
