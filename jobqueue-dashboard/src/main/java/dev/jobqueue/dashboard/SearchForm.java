package dev.jobqueue.dashboard;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.JobFilter;
import dev.jobqueue.domain.JobState;
import dev.jobqueue.domain.JobType;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.domain.Tenant;
import dev.jobqueue.domain.UserFields;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.util.StringUtils;

/**
 * The search form of the jobs page, as the request sends it (every field text, blank for none),
 * and the {@link JobFilter} it means. Times are UTC ({@code 2026-12-01T14:30}).
 */
class SearchForm {

    private String type = "";
    private String tenant = "";
    private String state = "";
    private String subState = "";
    private String correlationId = "";
    private String retryGroup = "";
    private String id = "";
    private String from = "";
    private String to = "";
    private String userString1 = "";
    private String userString2 = "";
    private String userInt1 = "";
    private String userInt2 = "";

    /**
     * The filter of the fields other than the user fields.
     *
     * @throws InvalidJobInputException when a user field is given: a {@link JobFilter} cannot
     *     hold them, so a filter without them would match more jobs than the search meant (a bulk
     *     action on it would change jobs the user never saw)
     */
    JobFilter toFilter() {
        if (byUserFields()) {
            throw new InvalidJobInputException(
                    "userFields", "user fields can be searched by, but not used in a filter such as a bulk action's");
        }
        JobFilter filter = JobFilter.all();
        if (StringUtils.hasText(type)) {
            filter = filter.type(JobType.of(number("type", type)));
        }
        if (StringUtils.hasText(tenant)) {
            filter = filter.tenant(Tenant.of(number("tenant", tenant)));
        }
        if (StringUtils.hasText(state)) {
            filter = filter.state(state(state));
        }
        if (StringUtils.hasText(subState)) {
            filter = filter.subState(SubState.of(number("subState", subState)));
        }
        if (StringUtils.hasText(correlationId)) {
            filter = filter.correlationId(correlationId.trim());
        }
        if (StringUtils.hasText(retryGroup)) {
            filter = filter.retryGroup(retryGroup.trim());
        }
        Instant fromTime = time("from", from);
        Instant toTime = time("to", to);
        if (fromTime != null || toTime != null) {
            filter = new JobFilter(
                    filter.tenant(),
                    filter.type(),
                    filter.state(),
                    filter.subState(),
                    filter.correlationId(),
                    filter.retryGroup(),
                    fromTime,
                    toTime);
        }
        return filter;
    }

    /**
     * The user fields to search by, or {@link UserFields#NONE} when none is given. Strings are
     * matched exactly as typed (not trimmed: a user field may hold spaces).
     */
    UserFields userFields() {
        return new UserFields(
                StringUtils.hasLength(userString1) ? userString1 : null,
                StringUtils.hasLength(userString2) ? userString2 : null,
                StringUtils.hasText(userInt1) ? number("userInt1", userInt1) : null,
                StringUtils.hasText(userInt2) ? number("userInt2", userInt2) : null);
    }

    /** Whether a user field is given, so the page searches by user fields. */
    boolean byUserFields() {
        return !userFields().equals(UserFields.NONE);
    }

    /** The fields that are set, as request parameters: for the links to the next page and the bulk actions. */
    Map<String, String> parameters() {
        Map<String, String> parameters = new LinkedHashMap<>();
        put(parameters, "type", type);
        put(parameters, "tenant", tenant);
        put(parameters, "state", state);
        put(parameters, "subState", subState);
        put(parameters, "correlationId", correlationId);
        put(parameters, "retryGroup", retryGroup);
        put(parameters, "from", from);
        put(parameters, "to", to);
        put(parameters, "userString1", userString1);
        put(parameters, "userString2", userString2);
        put(parameters, "userInt1", userInt1);
        put(parameters, "userInt2", userInt2);
        return parameters;
    }

    private static void put(Map<String, String> parameters, String name, String value) {
        if (StringUtils.hasText(value)) {
            parameters.put(name, value.trim());
        }
    }

    private static int number(String field, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidJobInputException(field, field + " must be a whole number but was '" + text + "'");
        }
    }

    private static JobState state(String text) {
        try {
            return JobState.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidJobInputException(
                    "state", "state must be one of SCHEDULED, PROCESSING, DONE, FAILED but was '" + text + "'");
        }
    }

    private static @Nullable Instant time(String field, String text) {
        if (!StringUtils.hasText(text)) {
            return null;
        }
        try {
            return LocalDateTime.parse(text.trim()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new InvalidJobInputException(
                    field, field + " must be a UTC date and time such as 2026-12-01T14:30 but was '" + text + "'");
        }
    }

    public String getType() {
        return type;
    }

    public void setType(String type) {
        this.type = type;
    }

    public String getTenant() {
        return tenant;
    }

    public void setTenant(String tenant) {
        this.tenant = tenant;
    }

    public String getState() {
        return state;
    }

    public void setState(String state) {
        this.state = state;
    }

    public String getSubState() {
        return subState;
    }

    public void setSubState(String subState) {
        this.subState = subState;
    }

    public String getCorrelationId() {
        return correlationId;
    }

    public void setCorrelationId(String correlationId) {
        this.correlationId = correlationId;
    }

    public String getRetryGroup() {
        return retryGroup;
    }

    public void setRetryGroup(String retryGroup) {
        this.retryGroup = retryGroup;
    }

    public String getId() {
        return id;
    }

    public void setId(String id) {
        this.id = id;
    }

    public String getFrom() {
        return from;
    }

    public void setFrom(String from) {
        this.from = from;
    }

    public String getTo() {
        return to;
    }

    public void setTo(String to) {
        this.to = to;
    }

    public String getUserString1() {
        return userString1;
    }

    public void setUserString1(String userString1) {
        this.userString1 = userString1;
    }

    public String getUserString2() {
        return userString2;
    }

    public void setUserString2(String userString2) {
        this.userString2 = userString2;
    }

    public String getUserInt1() {
        return userInt1;
    }

    public void setUserInt1(String userInt1) {
        this.userInt1 = userInt1;
    }

    public String getUserInt2() {
        return userInt2;
    }

    public void setUserInt2(String userInt2) {
        this.userInt2 = userInt2;
    }
}
