package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UnsupportedServerTests {

    @Test
    void tidbIsRefusedWithTheReasonAndWhereToRead() {
        assertThat(UnsupportedServer.reasonToRefuse("8.0.11-TiDB-v8.5.6"))
                .hasValueSatisfying(reason -> assertThat(reason)
                        .contains("TiDB (8.0.11-TiDB-v8.5.6)")
                        .contains("SKIP LOCKED")
                        .contains("docs/scaling.md"));
    }

    @Test
    void vitessIsRefused() {
        assertThat(UnsupportedServer.reasonToRefuse("8.0.23-vitess"))
                .hasValueSatisfying(reason ->
                        assertThat(reason).contains("Vitess (8.0.23-vitess)").contains("PlanetScale"));
    }

    @Test
    void mariaDbMySqlAndGaleraAreNotRefused() {
        assertThat(UnsupportedServer.reasonToRefuse("10.11.19-MariaDB-0+deb12u1"))
                .isEmpty();
        assertThat(UnsupportedServer.reasonToRefuse("11.4.5-MariaDB-log")).isEmpty();
        assertThat(UnsupportedServer.reasonToRefuse("8.4.3")).isEmpty();
        assertThat(UnsupportedServer.reasonToRefuse("8.0.39-30.1 Percona XtraDB Cluster"))
                .isEmpty();
    }
}
