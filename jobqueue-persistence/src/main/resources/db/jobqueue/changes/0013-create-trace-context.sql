--liquibase formatted sql

-- The trace context a job was scheduled in (issue #17): the propagated headers of the scheduling
-- span (W3C traceparent and tracestate, or B3), one row per retry group, so that every run of the
-- job and of its retries continues the trace on any node. Written in the job's own transaction, and
-- only when the application traces; deleted when the job ends for good. A table of our own: the Go
-- library never reads or writes it, and a job it schedules simply has no row. See docs/observability.md.

--changeset jobqueue:0013-create-trace-context dbms:mysql,mariadb
--preconditions onFail:MARK_RAN
--precondition-sql-check expectedResult:0 SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name = '${jobqueue.table}_trace_context'
CREATE TABLE `${jobqueue.table}_trace_context`
(
   `retry_group` varchar(64)   NOT NULL,
   `part`        timestamp     NOT NULL DEFAULT '1970-01-01 00:00:01',
   `headers`     varchar(2048) NOT NULL,
   PRIMARY KEY (`retry_group`),
   KEY `part_index` (`part`)
) ENGINE = InnoDB;
--rollback DROP TABLE `${jobqueue.table}_trace_context`;
