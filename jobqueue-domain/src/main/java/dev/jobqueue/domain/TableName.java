package dev.jobqueue.domain;

import java.util.regex.Pattern;

/**
 * The base name of a queue's tables: {@code X} names {@code X} and {@code X_data} (and the
 * leases {@code X_locks}, the paused types {@code X_paused}, the schema history {@code X_changelog} and {@code X_changelog_lock}). Only a plain SQL
 * identifier is accepted, because the name is formatted into SQL text, and one short enough
 * that every name derived from it stays within MySQL's 64 characters (the longest is
 * Liquibase's primary key {@code PK_X_CHANGELOG_LOCK}).
 *
 * @param base letters, digits and underscores, starting with a letter or underscore; at most
 *     46 characters
 * @since 0.1.0
 */
public record TableName(String base) {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,45}");

    /** The seed's table names: {@code jobs} and {@code jobs_data}. */
    public static final TableName DEFAULT = new TableName("jobs");

    public TableName {
        if (base == null || !IDENTIFIER.matcher(base).matches()) {
            throw new InvalidJobInputException(
                    "table",
                    "table must be a plain SQL identifier (a letter or _, then up to 45 letters, digits or _) but was '"
                            + base + "'");
        }
    }

    public static TableName of(String base) {
        return new TableName(base);
    }

    /** Name of the jobs table. */
    public String jobs() {
        return base;
    }

    /** Name of the jobs data table. */
    public String jobsData() {
        return base + "_data";
    }

    /** Name of the leases table (one row per kind of work that one node at a time does). */
    public String locks() {
        return base + "_locks";
    }

    /**
     * Name of the flow control table (one row per job type, or job type and tenant, with a
     * concurrency cap or a rate limit).
     *
     * @since 0.2.0
     */
    public String flowControl() {
        return base + "_flow";
    }

    /**
     * Name of the recurring schedules table.
     *
     * @since 0.2.0
     */
    public String schedules() {
        return base + "_schedules";
    }

    /**
     * Name of the unique-job keys table.
     *
     * @since 0.2.0
     */
    public String uniqueKeys() {
        return base + "_unique_keys";
    }

    /**
     * Name of the table of paused job types (issue #14).
     *
     * @since 0.2.0
     */
    public String paused() {
        return base + "_paused";
    }

    /**
     * Name of the table of pending follow-ups: continuations and batch memberships (issue #16).
     *
     * @since 0.2.0
     */
    public String followUps() {
        return base + "_follow_ups";
    }

    /**
     * Name of the batches table: one row per batch, with its counts (issue #16).
     *
     * @since 0.2.0
     */
    public String batches() {
        return base + "_batches";
    }
}
