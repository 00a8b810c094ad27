package dev.jobqueue.persistence.gocompat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The test double marshals properties as the Go library's encoding/json does (CONTRACT.md). */
class GoJsonTests {

    @Test
    void propertiesGoThroughAMapSortedAndCompact() {
        assertThat(GoJson.remarshal("{\"b\": 1, \"a\": {\"d\": [1.5, \"x\"], \"c\": null}}"))
                .isEqualTo("{\"a\":{\"c\":null,\"d\":[1.5,\"x\"]},\"b\":1}");
    }

    @Test
    void integersAboveTwoToThe53AreRoundedAsFloat64() {
        assertThat(GoJson.remarshal("{\"n\": 9007199254740993}")).isEqualTo("{\"n\":9007199254740992}");
    }

    @Test
    void missingAndUnreadablePropertiesBecomeWhatGoWrites() {
        assertThat(GoJson.remarshal(null)).isEqualTo("{\"\": \"\"}");
        assertThat(GoJson.remarshal("")).isEqualTo("{}");
        assertThat(GoJson.remarshal("not json")).isEqualTo("{}");
        assertThat(GoJson.remarshal("{\"\": \"\"}")).isEqualTo("{\"\":\"\"}");
        assertThat(GoJson.marshalForSchedule(null)).isEqualTo("{\"\": \"\"}");
    }

    @Test
    void htmlCharactersAreEscapedAsGoDoes() {
        assertThat(GoJson.remarshal("{\"t\": \"<a&b>\"}")).isEqualTo("{\"t\":\"\\u003ca\\u0026b\\u003e\"}");
    }
}
