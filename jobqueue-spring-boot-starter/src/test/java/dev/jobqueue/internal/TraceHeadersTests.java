package dev.jobqueue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TraceHeadersTests {

    @Test
    void headersGoBackAsTheyCameWithEqualsSignsInValues() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        headers.put("tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
        headers.put("baggage", "userId=alice,serverNode=DF%2028");

        String text = TraceHeaders.encode(headers);

        assertThat(text).startsWith("traceparent=00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\n");
        assertThat(TraceHeaders.decode(text)).containsExactlyEntriesOf(headers);
    }

    @Test
    void nothingToStoreIsNull() {
        assertThat(TraceHeaders.encode(Map.of())).isNull();
        assertThat(TraceHeaders.encode(Map.of("bad=name", "x", "bad", "line\nbreak")))
                .as("nothing storable")
                .isNull();
        assertThat(TraceHeaders.encode(Map.of("baggage", "x".repeat(TraceHeaders.MAX_LENGTH))))
                .as("too long")
                .isNull();
    }
}
