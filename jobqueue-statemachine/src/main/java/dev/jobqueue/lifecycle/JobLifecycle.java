package dev.jobqueue.lifecycle;

import dev.jobqueue.domain.InvalidJobInputException;
import dev.jobqueue.domain.SubState;
import dev.jobqueue.lifecycle.internal.LifecycleCompiler;
import dev.jobqueue.lifecycle.internal.LifecycleDeclarations;
import dev.jobqueue.lifecycle.internal.LifecycleModel;
import dev.jobqueue.lifecycle.internal.SubStateDeclaration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The job lifecycle: every change of a job's {@code state}, {@code sub_state} and
 * {@code pending_execution} is asked here first. Built once from a hierarchical Spring
 * Statemachine model (states are parents, sub-states their children, and a transition declared on a
 * state applies to each child that does not declare its own), validated, and compiled into an
 * immutable table; a lookup never creates a state machine and allocates nothing. Instances are
 * immutable and thread-safe.
 *
 * <pre>{@code
 * Transition claim = JobLifecycle.standard().transition(row.state(), row.subState(), JobEvent.CLAIM,
 *         row.pendingExecution());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class JobLifecycle {

    private static final Comparator<Transition> ORDER = Comparator.comparingInt(
                    (Transition transition) -> transition.from().code())
            .thenComparing(Transition::event)
            .thenComparing(transition -> !transition.executionsLeft());

    private final LifecycleDeclarations declarations;
    private final TransitionTable table;
    private final List<Transition> transitions;
    private final Set<SubState> subStates;
    private final Set<JobEvent> events;
    private final Map<JobEvent, Set<SubState>> sources;
    private final String mermaid;

    private JobLifecycle(LifecycleDeclarations declarations, List<Transition> compiled) {
        this.declarations = declarations;
        List<Transition> sorted = new ArrayList<>(new LinkedHashSet<>(compiled));
        sorted.sort(ORDER);
        this.transitions = List.copyOf(sorted);
        @Nullable String[] names = new String[50];
        Set<SubState> declared = new LinkedHashSet<>();
        declarations.subStates().stream()
                .sorted(Comparator.comparingInt(SubStateDeclaration::code))
                .forEach(subState -> {
                    names[subState.code()] = subState.name();
                    declared.add(SubState.of(subState.code()));
                });
        this.subStates = Collections.unmodifiableSet(declared);
        Map<JobEvent, Set<SubState>> bySource = new HashMap<>();
        for (Transition transition : transitions) {
            bySource.computeIfAbsent(transition.event(), event -> new LinkedHashSet<>())
                    .add(transition.from());
        }
        bySource.replaceAll((event, froms) -> Collections.unmodifiableSet(froms));
        this.sources = Map.copyOf(bySource);
        this.events = Collections.unmodifiableSet(new LinkedHashSet<>(new TreeSet<>(bySource.keySet())));
        this.table = new TransitionTable(transitions, names, List.copyOf(events));
        this.mermaid = MermaidRenderer.render(List.copyOf(subStates), this::nameOf, declarations.transitions());
    }

    /** The standard lifecycle, without customization; built once and shared. */
    public static JobLifecycle standard() {
        return Standard.INSTANCE;
    }

    /** A builder for a lifecycle with an application's customizations. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The hot path: the outcome of an event for a stored row. Rows written by the Go library are
     * read as it meant them: state 2 with sub_state 10 or 11 is {@code PROCESSING/20}, state 1
     * with sub_state 11 (the DDL default) is {@code SCHEDULED/11}.
     *
     * @param stateCode the row's {@code state}
     * @param subStateCode the row's {@code sub_state}
     * @param event the event the job takes
     * @param pendingExecution the row's {@code pending_execution}: the guard input is whether it
     *     is above 0
     * @return the precomputed outcome, shared, never {@code null}
     * @throws IllegalTransitionException when the job cannot take the event there
     * @throws InvalidJobInputException when the two codes are unknown or do not match
     */
    public Transition transition(int stateCode, int subStateCode, JobEvent event, int pendingExecution) {
        return table.lookup(stateCode, subStateCode, event, pendingExecution);
    }

    /**
     * The sub-state a stored row is in, read as {@link #transition} reads it.
     *
     * @throws InvalidJobInputException when the two codes are unknown or do not match
     */
    public SubState subStateOf(int stateCode, int subStateCode) {
        return SubState.of(table.resolve(stateCode, subStateCode));
    }

    /** The sub-states that take the event, by code; for example the claim query's {@code IN} list. */
    public Set<SubState> sourcesOf(JobEvent event) {
        return sources.getOrDefault(event, Set.of());
    }

    /**
     * The name of a declared sub-state, like {@code processing}.
     *
     * @throws InvalidJobInputException for a sub-state this lifecycle does not declare
     */
    public String nameOf(SubState subState) {
        return table.nameOf(subState.code());
    }

    /** Every declared sub-state, by code. */
    public Set<SubState> subStates() {
        return subStates;
    }

    /**
     * Whether a job in the sub-state has finished: every {@code DONE} and {@code FAILED}
     * sub-state, even one with a transition declared by {@code exitFromTerminal}.
     *
     * @throws InvalidJobInputException for a sub-state this lifecycle does not declare
     */
    public boolean isTerminal(SubState subState) {
        nameOf(subState);
        return subState.state().isFinished();
    }

    /** Every outcome, one per (from, event, executions left) that is allowed, sorted. */
    public List<Transition> transitions() {
        return transitions;
    }

    /** Every event some sub-state takes: built-in events in their order, then custom events by name. */
    public Set<JobEvent> events() {
        return events;
    }

    /** The lifecycle as a Mermaid {@code stateDiagram-v2}; the same model always gives the same text. */
    public String toMermaid() {
        return mermaid;
    }

    /** What this lifecycle was built from; tests rebuild the Spring model from it. */
    LifecycleDeclarations declarations() {
        return declarations;
    }

    /**
     * Builds a lifecycle: the standard declarations, then each customizer's, then validation and
     * compilation.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        private final List<JobLifecycleCustomizer> customizers = new ArrayList<>();

        private Builder() {}

        /** Adds a customizer; customizers run in the order they were added. */
        public Builder customize(JobLifecycleCustomizer customizer) {
            customizers.add(Objects.requireNonNull(customizer, "customizer"));
            return this;
        }

        /**
         * Validates and compiles the lifecycle.
         *
         * @throws InvalidLifecycleException naming each problem of the customizations
         */
        public JobLifecycle build() {
            LifecycleDefinition definition = StandardLifecycle.definition();
            for (JobLifecycleCustomizer customizer : customizers) {
                customizer.customize(definition);
            }
            LifecycleDeclarations declarations = definition.declarations();
            LifecycleValidator.validate(declarations);
            return new JobLifecycle(declarations, LifecycleCompiler.compile(LifecycleModel.newMachine(declarations)));
        }
    }

    private static final class Standard {

        private static final JobLifecycle INSTANCE = builder().build();
    }
}
