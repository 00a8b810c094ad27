package dev.jobqueue.persistence.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * Servers that speak MySQL's protocol but break the claim: they accept
 * {@code SELECT ... FOR UPDATE SKIP LOCKED} without locking (TiDB), or do not pass it through
 * (Vitess), so two workers would claim and run the same job. Refused when the schema is
 * migrated, by the version the server reports. See docs/scaling.md.
 */
final class UnsupportedServer {

    private UnsupportedServer() {}

    /** Why jobqueue refuses a server reporting {@code version}, or empty when it does not. */
    static Optional<String> reasonToRefuse(String version) {
        String lower = version == null ? "" : version.toLowerCase(Locale.ROOT);
        if (lower.contains("tidb")) {
            return Optional.of("the server is TiDB (" + version + "), which accepts SELECT ... FOR UPDATE SKIP LOCKED"
                    + " but does not lock the rows (pingcap/tidb#69720), so two workers would claim and run the same"
                    + " job; jobqueue does not run on TiDB (see docs/scaling.md)");
        }
        if (lower.contains("vitess")) {
            return Optional.of("the server is Vitess (" + version + "), whose SELECT ... FOR UPDATE SKIP LOCKED"
                    + " support the claim cannot rely on; jobqueue does not run on Vitess or PlanetScale"
                    + " (see docs/scaling.md)");
        }
        return Optional.empty();
    }
}
