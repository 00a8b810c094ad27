package dev.jobqueue.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

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
                .as("the Mermaid block of docs/lifecycle.md drifted from the model; replace it with"
                        + " JobLifecycle.standard().toMermaid():%n%s", JobLifecycle.standard().toMermaid())
                .isEqualTo(JobLifecycle.standard().toMermaid());
    }

    @Test
    void drawsTheStatesAsCompositeStatesWithTheirSubStatesAsChildren() {
        String diagram = JobLifecycle.standard().toMermaid();

        assertThat(diagram).startsWith("stateDiagram-v2\n    [*] --> s10\n    [*] --> s11\n")
                .contains("    state PROCESSING {\n        s20 : 20 processing\n    }\n")
                .contains("    state DONE {\n        s30 : 30 done\n        s31 : 31 done-by-correlation\n"
                        + "        s32 : 32 rescheduled\n    }\n");
    }

    @Test
    void labelsEachArrowWithItsEventGuardAndEffects() {
        String diagram = JobLifecycle.standard().toMermaid();

        assertThat(diagram).contains("    s10 --> s20 : CLAIM [executions left] / pending_execution - 1\n",
                "    s10 --> s43 : CLAIM [no executions left]\n",
                "    s20 --> s44 : FAIL_RETRY [executions left] / SCHEDULE_RETRY\n",
                "    s20 --> s32 : RESCHEDULE / SCHEDULE_NEXT_RUN\n",
                "    s20 --> s10 : RELEASE / pending_execution + 1\n",
                "    s10 --> s31 : COMPLETE_BY_CORRELATION\n");
    }

    @Test
    void rendersACustomizedLifecycleWithItsOwnSubStates() {
        String diagram = CustomLifecycles.approvalCallbackAndPoisonLifecycle().toMermaid();

        assertThat(diagram).contains("        s12 : 12 awaiting-approval\n", "        s21 : 21 awaiting-callback\n",
                "        s46 : 46 poisoned\n", "    s10 --> s12 : hold\n", "    s12 --> s10 : approve\n",
                "    s21 --> s30 : COMPLETE / COMPLETE_CORRELATED\n", "    s46 --> s10 : revive\n");
    }

    @Test
    void rendersTheSameTextWhateverTheOrderOfTheDeclarations() {
        JobLifecycle forward = CustomLifecycles.approvalCallbackAndPoisonLifecycle();
        JobLifecycle backward = JobLifecycle.builder()
                .customize(definition -> definition
                        .exitFromTerminal(46, CustomLifecycles.REVIVE, 10)
                        .transition(20, CustomLifecycles.POISON, 46)
                        .subState(46, "poisoned")
                        .transitionIfNoExecutionsLeft(21, JobEvent.LOSE_LEASE, 43)
                        .transitionIfExecutionsLeft(21, JobEvent.LOSE_LEASE, 41, Effect.SCHEDULE_RETRY)
                        .transition(21, JobEvent.COMPLETE, 30, Effect.COMPLETE_CORRELATED)
                        .transition(20, CustomLifecycles.AWAIT_CALLBACK, 21)
                        .subState(21, "awaiting-callback")
                        .transition(12, JobEvent.COMPLETE_BY_CORRELATION, 31)
                        .transition(12, CustomLifecycles.APPROVE, 10)
                        .transition(10, CustomLifecycles.HOLD, 12)
                        .subState(12, "awaiting-approval"))
                .build();

        assertThat(backward.toMermaid()).isEqualTo(forward.toMermaid());
    }
}
