package dev.jobqueue.samples.orders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.jayway.jsonpath.JsonPath;
import dev.jobqueue.domain.JobId;
import dev.jobqueue.testing.JobQueueTest;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.ResultMatcher;

/**
 * Bad input through the sample's REST API: each request is answered with a 4xx problem
 * detail that says what was wrong (and names the field where there is one), and writes no
 * order and no job (issue #8).
 */
@JobQueueTest(properties = "sample.demo-orders=false")
@AutoConfigureMockMvc
class OrderBadInputIntegrationTests {

    @Autowired
    MockMvc mvc;

    @Autowired
    JdbcTemplate jdbc;

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            {}                                      | email | email is required
            {"email": "  ", "total": 5}             | email | email is required
            {"total": 5}                            | email | email is required
            {"email": "a@b.c"}                      | total | total is required
            {"email": "a@b.c", "total": null}       | total | total is required
            {"email": "a@b.c", "total": -1}         | total | total must be between 0.01 and 9999999999.99 with at most 2 decimals but was -1
            {"email": "a@b.c", "total": 0}          | total | total must be between 0.01 and 9999999999.99 with at most 2 decimals but was 0
            {"email": "a@b.c", "total": 0.001}      | total | total must be between 0.01 and 9999999999.99 with at most 2 decimals but was 0.001
            {"email": "a@b.c", "total": 1e12}       | total | total must be between 0.01 and 9999999999.99 with at most 2 decimals but was 1000000000000
            {"email": "a@b.c\\nINFO forged line", "total": 5} | email | email must not contain control characters
            {"email": "a@b.c", "total": "lots"}     | total | total must be a number
            {"email": "a@b.c", "total": [1]}        | total | total must be a number
            {"email": {"x": 1}, "total": 5}         | email | email must be a string
            """)
    void aMissingWrongOrOutOfRangeFieldIsNamedAndNothingIsWritten(String body, String field, String detail)
            throws Exception {
        assertRefused(() -> placeOrder(body), status().isBadRequest(), detail)
                .andExpect(jsonPath("$.field").value(field));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            `{"email": "a@b.c", "total": `           | The body must be a JSON object: Unexpected end-of-input
            `{email: 'a@b.c', total: 5}`             | The body must be a JSON object: Unexpected character
            `{"email": "a@b.c", "total": 5} trailer` | The body must be a JSON object:
            `[{"email": "a@b.c", "total": 5}]`       | The body must be a JSON object: Cannot deserialize value
            `"a@b.c"`                                | The body must be a JSON object: Cannot construct instance
            `null`                                   | The body must be a JSON object
            ``                                       | The body must be a JSON object
            """)
    void aBodyThatIsNotAJsonObjectIsRefusedAndNothingIsWritten(String body, String detail) throws Exception {
        assertRefused(() -> placeOrder(body == null ? "" : body), status().isBadRequest(), detail);
    }

    @Test
    void aHugeBodyIsRefusedByTheLengthOfItsField() throws Exception {
        String email = "a".repeat(1_000_000) + "@example.com";

        assertRefused(
                        () -> placeOrder("{\"email\": \"" + email + "\", \"total\": 5}"),
                        status().isBadRequest(),
                        "email must be at most 255 characters but was 1000012")
                .andExpect(jsonPath("$.field").value("email"));
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedByItsContentType() throws Exception {
        assertRefused(
                () -> mvc.perform(
                        post("/orders").contentType(MediaType.TEXT_PLAIN).content("email=a@b.c&total=5")),
                status().isUnsupportedMediaType(),
                "Content-Type 'text/plain;charset=UTF-8' is not supported");
    }

    @Test
    void anInjectionAttemptInAStringIsStoredAsTextAndNeverRunAsSql() throws Exception {
        String email = "x@y.z'); DROP TABLE purchase_orders; DELETE FROM jobs; --";

        placeOrder("{\"email\": \"" + email + "\", \"total\": 5}").andExpect(status().isCreated());

        assertThat(jdbc.queryForList("SELECT email FROM purchase_orders WHERE email = ?", String.class, email))
                .containsExactly(email);
        assertThat(jdbc.queryForList("SELECT properties FROM jobs_data", String.class))
                .anySatisfy(properties -> assertThat(properties).contains("DROP TABLE purchase_orders"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM jobs", Integer.class))
                .isPositive();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            not-a-ulid
            01H' OR '1'='1
            01ARZ3NDEKTSV4RRFFQ69G5FA' OR '1'='1
            8ZZZZZZZZZZZZZZZZZZZZZZZZZ
            """)
    void aMalformedJobIdInThePathIsRefusedBeforeAnySql(String id) throws Exception {
        assertRefused(
                        () -> mvc.perform(get("/jobs/{id}", id)),
                        status().isBadRequest(),
                        "id must be a ULID: 26 characters of Crockford base32 starting with 0..7, but was '" + id + "'")
                .andExpect(jsonPath("$.field").value("id"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            abc
            1 OR 1=1
            99999999999999999999
            """)
    void aMalformedOrderIdInThePathIsRefusedBeforeAnySql(String id) throws Exception {
        assertRefused(
                () -> mvc.perform(post("/orders/{id}/approve", id)),
                status().isBadRequest(),
                "Failed to convert 'id' with value: '" + id + "'");
    }

    @Test
    void aSemicolonInThePathIsRejectedBeforeAnyControllerAndWritesNothing() throws Exception {
        // Spring Security's firewall rejects ';' in a path, sent as is (matrix variables) or encoded.
        List<Integer> before = rows();
        mvc.perform(get(URI.create("/jobs/';%20DROP%20TABLE%20jobs;%20--"))).andExpect(status().isBadRequest());
        mvc.perform(post(URI.create("/orders/987654321;%20DROP%20TABLE%20x/approve")))
                .andExpect(status().isBadRequest());
        mvc.perform(get(URI.create("/jobs/%27%3B%20DROP%20TABLE%20jobs%3B%20--")))
                .andExpect(status().isBadRequest());
        mvc.perform(post(URI.create("/orders/1%3B%20DROP%20TABLE%20purchase_orders/approve")))
                .andExpect(status().isBadRequest());
        assertThat(rows()).as("rows of purchase_orders, jobs, jobs_data").isEqualTo(before);
    }

    @Test
    void aQuoteInThePathReachesTheIdWhichRefusesIt() throws Exception {
        assertRefused(
                () -> mvc.perform(get(URI.create("/jobs/%27%20OR%20%271%27=%271"))),
                status().isBadRequest(),
                "id must be a ULID: 26 characters of Crockford base32 starting with 0..7, but was '' OR '1'='1'");
    }

    @Test
    void anUnknownIdIsNotFoundAndWritesNothing() throws Exception {
        JobId unknown = JobId.forRunAt(Instant.parse("2030-01-01T00:00:00Z"));
        List<Integer> before = rows();

        mvc.perform(get("/jobs/{id}", unknown.value())).andExpect(status().isNotFound());
        assertRefused(
                () -> mvc.perform(post("/orders/{id}/approve", 987_654_321)),
                status().isNotFound(),
                "no order 987654321");
        assertThat(rows()).isEqualTo(before);
    }

    @Test
    void approvingAnOrderThatWaitsForNoApprovalIsAConflictAndChangesNothing() throws Exception {
        placeOrder("{\"email\": \"small@example.com\", \"total\": 5}").andExpect(status().isCreated());
        long orderId =
                jdbc.queryForObject("SELECT id FROM purchase_orders WHERE email = 'small@example.com'", Long.class);
        String job =
                jdbc.queryForObject("SELECT confirmation_job FROM purchase_orders WHERE id = ?", String.class, orderId);

        String row = "SELECT CONCAT(state, '/', sub_state, '/', version) FROM jobs WHERE id = ?";
        String before = jdbc.queryForObject(row, String.class, job);

        assertRefused(
                () -> mvc.perform(post("/orders/{id}/approve", orderId)),
                status().isConflict(),
                "a job in SCHEDULED/10 (scheduled) cannot take the event approve");
        assertThat(jdbc.queryForObject(row, String.class, job))
                .isEqualTo(before)
                .startsWith("1/10/");
    }

    private ResultActions placeOrder(String body) throws Exception {
        return mvc.perform(
                post("/orders").contentType(MediaType.APPLICATION_JSON).content(body));
    }

    /** Sends the request and asserts the problem it gets back, and that no row was added or removed. */
    private ResultActions assertRefused(Request request, ResultMatcher status, String detail) throws Exception {
        List<Integer> before = rows();
        ResultActions answer = request.send()
                .andExpect(status)
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON));
        String problem = answer.andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(JsonPath.<String>read(problem, "$.detail")).startsWith(detail);
        assertThat(rows()).as("rows of purchase_orders, jobs, jobs_data").isEqualTo(before);
        return answer;
    }

    private List<Integer> rows() {
        return List.of(count("purchase_orders"), count("jobs"), count("jobs_data"));
    }

    private int count(String table) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
    }

    @FunctionalInterface
    private interface Request {

        ResultActions send() throws Exception;
    }
}
