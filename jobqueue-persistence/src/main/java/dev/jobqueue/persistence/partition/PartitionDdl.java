package dev.jobqueue.persistence.partition;

import dev.jobqueue.domain.TableName;
import dev.jobqueue.persistence.partition.PartitionLayout.Partition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Runs the partition DDL. Bounds are written as epoch-second integer literals computed in
 * Java, never as {@code UNIX_TIMESTAMP('...')}, whose value depends on the session time zone;
 * partition names are quoted identifiers. Neither can be a bound parameter in DDL.
 */
final class PartitionDdl {

    private static final String REORGANIZE_PARTITION = """
            ALTER TABLE `%s`
            REORGANIZE PARTITION %s INTO (
            %s)
            """;

    private static final String ADD_PARTITIONS = """
            ALTER TABLE `%s`
            ADD PARTITION (
            %s)
            """;

    private static final String DROP_PARTITION = """
            ALTER TABLE `%s`
            DROP PARTITION %s
            """;

    private static final String PARTITION_DEFINITION = "    PARTITION %s VALUES LESS THAN %s";

    private record Statements(String reorganize, String add, String drop) {}

    private final Map<String, Statements> statements = new HashMap<>();

    PartitionDdl(TableName table) {
        for (String name : List.of(table.jobs(), table.jobsData())) {
            statements.put(
                    name,
                    new Statements(
                            REORGANIZE_PARTITION.formatted(name, "%s", "%s"),
                            ADD_PARTITIONS.formatted(name, "%s"),
                            DROP_PARTITION.formatted(name, "%s")));
        }
    }

    void apply(JdbcTemplate jdbc, PartitionSplit split) {
        jdbc.execute(sql(split));
    }

    void drop(JdbcTemplate jdbc, PartitionRange partition) {
        jdbc.execute(statements(partition.table()).drop().formatted(quote(partition.partition())));
    }

    String sql(PartitionSplit split) {
        Statements table = statements(split.table());
        String definitions = split.into().stream().map(PartitionDdl::definition).collect(Collectors.joining(",\n"));
        Partition source = split.source();
        return source == null
                ? table.add().formatted(definitions)
                : table.reorganize().formatted(quote(source.name()), definitions);
    }

    static String quote(String identifier) {
        return "`" + identifier.replace("`", "``") + "`";
    }

    private Statements statements(String table) {
        Statements found = statements.get(table);
        if (found == null) {
            throw new IllegalArgumentException(table + " is not a table of this queue: " + statements.keySet());
        }
        return found;
    }

    private static String definition(Partition partition) {
        return PARTITION_DEFINITION.formatted(
                quote(partition.name()), partition.isCatchAll() ? "MAXVALUE" : "(" + partition.bound() + ")");
    }
}
