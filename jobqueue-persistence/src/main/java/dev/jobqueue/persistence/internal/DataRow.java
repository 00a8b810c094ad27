package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.UserFields;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/** The columns of a {@code jobs_data} row that a worker needs. */
record DataRow(
        @Nullable String properties, UserFields userFields, String retryGroup, int attempt, boolean hasFollowUps) {

    /** Stands in for a data row the Go library's non-atomic insert never wrote. */
    static final DataRow MISSING = new DataRow(null, UserFields.NONE, "", 1, false);

    static DataRow read(ResultSet rs) throws SQLException {
        Integer attempt = Sql.integer(rs, "attempt");
        return new DataRow(
                Payloads.stored(rs.getString("properties")),
                new UserFields(
                        rs.getString("string_udf_1"),
                        rs.getString("string_udf_2"),
                        Sql.integer(rs, "int_udf_1"),
                        Sql.integer(rs, "int_udf_2")),
                rs.getString("retry_group"),
                attempt == null ? 1 : attempt,
                rs.getInt("has_follow_ups") == 1);
    }
}
