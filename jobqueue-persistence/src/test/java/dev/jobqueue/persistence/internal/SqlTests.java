package dev.jobqueue.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SqlTests {

    @Test
    void oneRowIsMatchedByEqualitiesAndManyByARowList() {
        assertThat(Sql.keyIn("id, part", 1)).isEqualTo("id = ? AND part = ?");
        assertThat(Sql.keyIn("d.id, d.part", 2)).isEqualTo("(d.id, d.part) IN ((?, ?), (?, ?))");
        assertThat(Sql.keyIn("id, part, version", 2)).isEqualTo("(id, part, version) IN ((?, ?, ?), (?, ?, ?))");
    }
}
