package dev.jobqueue.domain;

/**
 * A tenant: the {@code tenant} column, a TINYINT UNSIGNED.
 *
 * @param value 0..255
 * @since 0.1.0
 */
public record Tenant(int value) {

    /** The tenant the Go library and jobqueue use when none is given. */
    public static final Tenant DEFAULT = new Tenant(0);

    public Tenant {
        if (value < 0 || value > 255) {
            throw InvalidJobInputException.outOfRange("tenant", 0, 255, value);
        }
    }

    public static Tenant of(int value) {
        return new Tenant(value);
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
