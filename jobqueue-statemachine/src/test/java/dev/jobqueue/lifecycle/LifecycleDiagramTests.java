package dev.jobqueue.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jobqueue.domain.SubState;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The Mermaid diagram: generated from the model, and the committed copy in the docs kept in step. */
class LifecycleDiagramTests {

    private static final Path LIFECYCLE_DOC = Path.of("..", "docs", "lifecycle.md");
    private static final String OPENING = "```mermaid\n";

    @Test
    void committedDiagramInTheDocsIsTheOneTheStandardModelGenerates() throws IOException {
        String doc = Files.readString(LIFECYCLE_DOC, StandardCharsets.UTF_8).replace("\r\n", "\n");
        int start = doc.indexOf(OPENING);
        assertThat(start).as("%s has a ```mermaid block", LIFECYCLE_DOC).isNotNegative();
        int end = doc.indexOf("```", start + OPENING.length());
        String committed = doc.substring(start + OPENING.length(), end);

        assertThat(committed)
                .as(
                        "the Mermaid block of docs/lifecycle.md drifted from the model; replace it with"
                                + " JobLifecycle.standard().toMermaid():%n%s",
                        JobLifecycle.standard().toMermaid())
                .isEqualTo(JobLifecycle.standard().toMermaid());
    }

    @Test
    void drawsTheStatesAsCompositeStatesWithTheirSubStatesAsChildren() {
        String diagram = JobLifecycle.standard().toMermaid();

        assertThat(diagram)
                .startsWith("stateDiagram-v2\n    [*] --> s10\n    [*] --> s11\n")
                .contains("    state PROCESSING {\n        s20 : 20 processing\n    }\n")
                .contains("    state DONE {\n        s30 : 30 done\n        s31 : 31 done-by-correlation\n"
                        + "        s32 : 32 rescheduled\n    }\n");
    }

    @Test
    void labelsEachArrowWithItsEventGuardAndEffects() {
        String diagram = JobLifecycle.standard().toMermaid();

        assertThat(diagram)
                .contains(
                        "    s10 --> s20 : CLAIM [executions left] / pending_execution - 1\n",
                        "    s10 --> s43 : CLAIM [no executions left]\n",
                        "    s20 --> s44 : FAIL_RETRY [executions left] / SCHEDULE_RETRY\n",
                        "    s20 --> s32 : RESCHEDULE / SCHEDULE_NEXT_RUN\n",
                        "    PROCESSING --> s10 : RELEASE / pending_execution + 1\n",
                        "    SCHEDULED --> s31 : COMPLETE_BY_CORRELATION\n");
    }

    @Test
    void drawsATransitionDeclaredOnAStateOnceFromTheCompositeStateNotFromEachChild() {
        String diagram = JobLifecycle.standard().toMermaid();

        assertThat(diagram)
                .contains(
                        "    PROCESSING --> s41 : LOSE_LEASE [executions left] / SCHEDULE_RETRY\n",
                        "    PROCESSING --> s43 : LOSE_LEASE [no executions left]\n")
                .doesNotContain("s10 --> s31", "s11 --> s31", "s20 --> s41", "s20 --> s10");
    }

    @Test
    void rendersACustomizedLifecycleWithItsOwnSubStates() {
        String diagram = CustomLifecycles.approvalCallbackAndPoisonLifecycle().toMermaid();

        assertThat(diagram)
                .contains(
                        "        s12 : 12 awaiting-approval\n",
                        "        s21 : 21 awaiting-callback\n",
                        "        s46 : 46 poisoned\n",
                        "    s10 --> s12 : hold\n",
                        "    s12 --> s10 : approve\n",
                        "    s21 --> s30 : COMPLETE / COMPLETE_CORRELATED\n",
                        "    s46 --> s10 : revive\n");
    }

    @Test
    void rendersTheSameTextWhateverTheOrderOfTheDeclarations() {
        JobLifecycle forward = CustomLifecycles.approvalCallbackAndPoisonLifecycle();
        JobLifecycle backward = JobLifecycle.builder()
                .customize(definition -> definition
                        .exitFromTerminal(CustomLifecycles.POISONED, CustomLifecycles.REVIVE, SubState.SCHEDULED)
                        .transition(SubState.PROCESSING, CustomLifecycles.POISON, CustomLifecycles.POISONED)
                        .subState(CustomLifecycles.POISONED, "poisoned")
                        .transition(
                                CustomLifecycles.AWAITING_CALLBACK,
                                JobEvent.COMPLETE,
                                SubState.DONE,
                                Effect.COMPLETE_CORRELATED)
                        .transition(
                                SubState.PROCESSING,
                                CustomLifecycles.AWAIT_CALLBACK,
                                CustomLifecycles.AWAITING_CALLBACK)
                        .subState(CustomLifecycles.AWAITING_CALLBACK, "awaiting-callback")
                        .transition(CustomLifecycles.AWAITING_APPROVAL, CustomLifecycles.APPROVE, SubState.SCHEDULED)
                        .transition(SubState.SCHEDULED, CustomLifecycles.HOLD, CustomLifecycles.AWAITING_APPROVAL)
                        .subState(CustomLifecycles.AWAITING_APPROVAL, "awaiting-approval"))
                .build();

        assertThat(backward.toMermaid()).isEqualTo(forward.toMermaid());
    }
}
