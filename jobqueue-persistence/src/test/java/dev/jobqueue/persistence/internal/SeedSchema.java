package dev.jobqueue.persistence.internal;

import dev.jobqueue.domain.TableName;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/** The Go library's DDL, applied as the Go library's operators do. */
final class SeedSchema {

    private SeedSchema() {}

    static void create(DataSource dataSource, TableName table) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        for (String statement : ddl().split(";")) {
            String sql = statement.replaceAll("(?m)--.*$", "").trim();
            if (!sql.isEmpty()) {
                jdbc.execute(sql.replace("`jobs_data`", "`" + table.jobsData() + "`")
                        .replace("`jobs`", "`" + table.jobs() + "`"));
            }
        }
    }

    private static String ddl() {
        try (InputStream in = SeedSchema.class.getResourceAsStream("/seed-schema.sql")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
