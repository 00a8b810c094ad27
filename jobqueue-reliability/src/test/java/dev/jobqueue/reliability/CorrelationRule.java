package dev.jobqueue.reliability;

import dev.jobqueue.persistence.internal.CorrelationScope;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every row done by correlation (3/31) has a sibling with the same non-blank correlation id and
 * tenant that completed successfully (3/30), of a job type whose {@link CorrelationScope} reaches
 * it: the same type for {@code TYPE}, any type for {@code TENANT}; {@code NONE} completes nothing.
 * The ids are compared by the database, with the column's collation, as the queue's own update
 * compares them.
 */
final class CorrelationRule {

    private static final String SELECT_UNEXPLAINED = """
            SELECT r.id, r.tenant, r.job_type, r.correlation_id
            FROM jobs r
            WHERE r.sub_state = 31
              AND NOT EXISTS (SELECT 1
                              FROM jobs s
                              WHERE s.sub_state = 30
                                AND s.tenant = r.tenant
                                AND s.correlation_id = r.correlation_id
                                AND TRIM(s.correlation_id) <> ''
                                AND (%s))
            """;

    private final JdbcTemplate jdbc;
    private final String selectUnexplained;

    CorrelationRule(JdbcTemplate jdbc, Map<Integer, CorrelationScope> scopes) {
        this.jdbc = jdbc;
        this.selectUnexplained = SELECT_UNEXPLAINED.formatted(scopeCondition(scopes));
    }

    private static String scopeCondition(Map<Integer, CorrelationScope> scopes) {
        String sameType = typesWith(scopes, CorrelationScope.TYPE);
        String anyType = typesWith(scopes, CorrelationScope.TENANT);
        return "(s.job_type = r.job_type AND s.job_type IN (" + sameType + ")) OR s.job_type IN (" + anyType + ")";
    }

    private static String typesWith(Map<Integer, CorrelationScope> scopes, CorrelationScope scope) {
        // -1 is no job type: an empty IN list is not SQL.
        String types = scopes.entrySet().stream()
                .filter(entry -> entry.getValue() == scope)
                .map(entry -> Integer.toString(entry.getKey()))
                .collect(Collectors.joining(", "));
        return types.isEmpty() ? "-1" : types;
    }

    void check(List<String> violations) {
        jdbc.query(selectUnexplained, rs -> {
            String correlation = rs.getString("correlation_id");
            String where = "row " + rs.getString("id") + " (tenant " + rs.getInt("tenant") + ", type "
                    + rs.getInt("job_type") + ") is done by correlation (31)";
            violations.add(
                    correlation == null || correlation.isBlank()
                            ? where + " with no correlation id ('" + correlation
                                    + "'): NULL, '' and blank ids never correlate"
                            : where + " but no job with correlation id '" + correlation
                                    + "' completed successfully (30) within the scope of its type");
        });
    }
}
