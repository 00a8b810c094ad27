package dev.jobqueue.domain;

import java.util.Arrays;

/**
 * The {@code state} column. The codes are the seed's and never change.
 *
 * @since 0.1.0
 */
public enum JobState {
    SCHEDULED(1),
    PROCESSING(2),
    DONE(3),
    FAILED(4);

    private static final JobState[] BY_CODE = new JobState[5];

    static {
        for (JobState state : values()) {
            BY_CODE[state.code] = state;
        }
    }

    private final int code;

    JobState(int code) {
        this.code = code;
    }

    /** The value stored in the {@code state} column. */
    public int code() {
        return code;
    }

    /** Whether a job in this state has finished and will never run again. */
    public boolean isFinished() {
        return this == DONE || this == FAILED;
    }

    /**
     * Returns the state with the given code.
     *
     * @throws InvalidJobInputException for a code that is not 1, 2, 3 or 4
     */
    public static JobState fromCode(int code) {
        if (code < 1 || code >= BY_CODE.length) {
            throw new InvalidJobInputException(
                    "state",
                    "state must be one of "
                            + Arrays.toString(Arrays.stream(values())
                                    .mapToInt(JobState::code)
                                    .toArray())
                            + " but was " + code);
        }
        return BY_CODE[code];
    }
}
