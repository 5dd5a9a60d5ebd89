package io.duckdock.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.duckdock.app.CliRun;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("jvm")
class DemoCommandTest {
    @TempDir
    Path home;

    @Test
    void demo_shortRun_verifiesOnlyWhatItProduced_twiceOnTheSameHome() {
        CliRun first = CliRun.inHome(home, "demo", "--duration=3s", "--producers=2", "--rate=200");
        CliRun second = CliRun.inHome(home, "demo", "--duration=2s", "--producers=1", "--rate=200");

        for (CliRun run : new CliRun[] {first, second}) {
            assertThat(run.exitCode).as(run.toString()).isZero();
            Verdict verdict = run.command("demo", DemoCommand.class).verdict();
            assertThat(verdict.ok()).as(run.toString()).isTrue();
            assertThat(verdict.stored()).isEqualTo(verdict.produced()).isPositive();
            assertThat(run.out)
                    .contains("Conversations per experiment (this demo's):")
                    .contains("Events by type:")
                    .contains("conversation.started")
                    .contains("VERDICT OK: produced " + verdict.produced() + " events, stored " + verdict.produced()
                            + " (" + verdict.produced() + " distinct event ids)");
            assertThat(run.err).contains("demo done");
        }
        assertThat(first.command("demo", DemoCommand.class).verdict().produced())
                .isEqualTo(600);
    }
}
