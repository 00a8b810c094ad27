package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.JobFilter;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The conditions of a {@link JobFilter} over {@code j} (the jobs table) and {@code d} (its data
 * table), every value bound: one {@code AND} clause per field that is set.
 */
record FilterSql(String conditions, List<Object> args, boolean needsData) {

    static FilterSql of(JobFilter filter) {
        StringBuilder sql = new StringBuilder();
        List<Object> args = new ArrayList<>();
        add(
                sql,
                args,
                "j.tenant = ?",
                filter.tenant() == null ? null : filter.tenant().value());
        add(
                sql,
                args,
                "j.job_type = ?",
                filter.type() == null ? null : filter.type().id());
        add(
                sql,
                args,
                "j.state = ?",
                filter.state() == null ? null : filter.state().code());
        add(
                sql,
                args,
                "j.sub_state = ?",
                filter.subState() == null ? null : filter.subState().code());
        add(sql, args, "j.correlation_id = ?", filter.correlationId());
        add(sql, args, "d.retry_group = ?", filter.retryGroup());
        add(sql, args, "j.created_at >= ?", Sql.utc(filter.createdFrom()));
        add(sql, args, "j.created_at < ?", Sql.utc(filter.createdBefore()));
        return new FilterSql(sql.toString(), List.copyOf(args), filter.retryGroup() != null);
    }

    private static void add(StringBuilder sql, List<Object> args, String condition, @Nullable Object value) {
        if (value != null) {
            sql.append("\n  AND ").append(condition);
            args.add(value);
        }
    }
}
