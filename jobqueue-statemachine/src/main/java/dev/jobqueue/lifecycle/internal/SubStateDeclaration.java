package dev.jobqueue.lifecycle.internal;

/**
 * A declared sub-state.
 *
 * @param code {@code state * 10 + k}
 * @param name its name in diagrams and messages, like {@code awaiting-approval}
 * @param builtIn whether jobqueue declared it, rather than an application
 * @since 0.1.0
 */
public record SubStateDeclaration(int code, String name, boolean builtIn) {

    /** The parent state's code: {@code code / 10}. */
    public int stateCode() {
        return code / 10;
    }
}
