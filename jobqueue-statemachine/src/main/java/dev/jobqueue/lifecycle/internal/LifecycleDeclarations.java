package dev.jobqueue.lifecycle.internal;

import java.util.List;

/**
 * Everything declared for one lifecycle: the built-in declarations first, then the
 * application's, in the order they were made.
 *
 * @param subStates the declared sub-states
 * @param transitions the declared transitions
 * @since 0.1.0
 */
public record LifecycleDeclarations(List<SubStateDeclaration> subStates, List<TransitionDeclaration> transitions) {

    public LifecycleDeclarations {
        subStates = List.copyOf(subStates);
        transitions = List.copyOf(transitions);
    }
}
