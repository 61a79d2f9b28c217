package hooks.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import checkpoint.store.CheckpointPhase;
import checkpoint.store.CheckpointState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lsf.env.JobEnvironment;
import lsf.env.config.SiteConfig;
import org.junit.jupiter.api.Test;

/** What {@code echkpnt.criu} decides before it runs criu: pure, from arguments, environment, configuration, state, time. */
class DumpPlanTest {
    static final long NOW = 1_700_000_000L;

    final Map<String, String> env =
            new HashMap<>(Map.of("LSB_JOBID", "42", "LSB_CHKPNT_DIR", "/chk/42", "ENABLE_ORUN_RESTART", "Y"));

    DumpPlan plan(Optional<CheckpointState> state, long now, String... args) {
        return DumpPlan.of(
                EchkpntCriu.parse(args), JobEnvironment.of(env), SiteConfig.defaults(), state, now, Set.of(300L));
    }

    static Optional<CheckpointState> startedAt(long jobId, long when) {
        return Optional.of(CheckpointState.initial(jobId, when - 100).checkpointStarted(jobId, when - 100, when));
    }

    @Test
    void aRunLimitCheckpointGetsWhatIsLeftOfItsTimeoutAndAtLeastOneSecond() {
        assertEquals(180, plan(startedAt(42, NOW), NOW, "-k", "-d", "x", "200").criuTimeoutSeconds());
        assertEquals(
                30, plan(startedAt(42, NOW), NOW + 150, "-k", "-d", "x", "200").criuTimeoutSeconds());
        assertEquals(
                1, plan(startedAt(42, NOW), NOW + 900, "-k", "-d", "x", "200").criuTimeoutSeconds());
        env.put("ORUN_TIMEOUT_SECONDS", "3000");
        assertEquals(
                600,
                plan(startedAt(42, NOW), NOW, "-k", "-d", "x", "200").criuTimeoutSeconds(),
                "CRIU_DUMP_TIMEOUT still bounds criu");
    }

    @Test
    void onlyThisJobsRunningCheckpointIsARunLimitOne() {
        assertTrue(plan(startedAt(42, NOW), NOW, "-k", "-d", "x", "200").runLimit());
        DumpPlan other = plan(startedAt(41, NOW), NOW, "-k", "-d", "x", "200");
        assertFalse(other.runLimit() || other.killOnFailure());
        assertEquals(600, other.criuTimeoutSeconds());
        assertFalse(plan(Optional.empty(), NOW, "-d", "x", "200").runLimit());
        assertEquals(Optional.empty(), other.succeeded(startedAt(41, NOW), NOW, Map.of()), "the state is left alone");
    }

    @Test
    void theKillTakesLsfsGroupsAndTheOneItPassed() {
        DumpPlan p = plan(Optional.empty(), NOW, "-k", "-d", "x", "200");
        assertEquals(List.of(200L, 300L), List.copyOf(p.groups()));
        assertTrue(p.kill());
        assertEquals("checkpoint of process group 200, then kill, criu timeout 600 s", p.describe());
    }

    @Test
    void aGoodDumpWantsARestartWhileTheJobHasRestartsLeft() {
        DumpPlan p = plan(startedAt(42, NOW), NOW, "-k", "-d", "x", "200");
        CheckpointState first =
                p.succeeded(startedAt(42, NOW), NOW + 5, Map.of("tasks", 3L)).orElseThrow();
        assertEquals(CheckpointPhase.SUCCESS, first.phase());
        assertTrue(first.shouldRestart());
        CheckpointState used = startedAt(42, NOW)
                .get()
                .checkpointSucceeded(NOW, Map.of(), true)
                .restartSubmitted(43, NOW)
                .restartSubmitted(44, NOW)
                .checkpointStarted(44, NOW, NOW);
        env.put("LSB_JOBID", "44");
        DumpPlan third = plan(Optional.of(used), NOW, "-k", "-d", "x", "200");
        assertFalse(
                third.succeeded(Optional.of(used), NOW, Map.of()).orElseThrow().shouldRestart(),
                "two restarts (the default limit) are used up");
        env.put("LSB_JOBID", "42");
        env.put("ENABLE_ORUN_RESTART", "N");
        assertFalse(plan(startedAt(42, NOW), NOW, "-k", "-d", "x", "200")
                .succeeded(startedAt(42, NOW), NOW, Map.of())
                .orElseThrow()
                .shouldRestart());
    }

    @Test
    void aFailedDumpIsRecordedWithItsReason() {
        DumpPlan p = plan(startedAt(42, NOW), NOW, "-k", "-d", "x", "200");
        CheckpointState s =
                p.failed(startedAt(42, NOW), NOW + 9, "CRIU_FAILED: boom").orElseThrow();
        assertEquals(CheckpointPhase.FAILED, s.phase());
        assertEquals(Optional.of("CRIU_FAILED: boom"), s.lastError());
        assertTrue(p.killOnFailure());
    }

    /**
     * A checkpoint LSF asks for again within seconds without -k (volclava's plain bchkpnt loops about
     * three times a second) keeps the newest generation instead of dumping again; a run-limit or -k
     * checkpoint always dumps.
     */
    @Test
    void aPeriodicCheckpointSoonAfterTheNewestGenerationIsSkippedAndAKillNever() {
        DumpPlan periodic = plan(Optional.empty(), NOW, "-d", "42.tmp", "300");
        assertTrue(periodic.skip(Optional.of(NOW - 1), NOW, 30).orElseThrow().contains("1 s old"));
        assertEquals(Optional.empty(), periodic.skip(Optional.of(NOW - 30), NOW, 30), "old enough");
        assertEquals(Optional.empty(), periodic.skip(Optional.empty(), NOW, 30), "no generation yet");
        assertEquals(Optional.empty(), periodic.skip(Optional.of(NOW - 1), NOW, 0), "the site turned it off");
        assertEquals(Optional.empty(), periodic.skip(Optional.of(NOW + 60), NOW, 30), "a clock step back: dump");
        DumpPlan kill = plan(Optional.empty(), NOW, "-c", "-k", "-d", "42.tmp", "300");
        assertEquals(Optional.empty(), kill.skip(Optional.of(NOW - 1), NOW, 30), "-k always dumps");
        DumpPlan runLimit = plan(startedAt(42, NOW), NOW, "-d", "42.tmp", "300");
        assertEquals(Optional.empty(), runLimit.skip(Optional.of(NOW - 1), NOW, 30), "the run-limit checkpoint dumps");
    }
}
