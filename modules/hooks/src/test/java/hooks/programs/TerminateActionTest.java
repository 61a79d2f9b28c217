package hooks.programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import checkpoint.store.CheckpointPhase;
import checkpoint.store.CheckpointState;
import checkpoint.store.StateFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import lsf.env.CommandResult;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The TERMINATE action's decisions and exit codes, in-process with fake processes and LSF. */
class TerminateActionTest {
    @TempDir
    Path tmp;

    FakeWorld world;
    Path chk;

    @BeforeEach
    void job() throws IOException {
        world = new FakeWorld(tmp);
        chk = Files.createDirectories(tmp.resolve("chk/42"));
        world.runLimitOf42(chk);
    }

    FakeWorld.Result terminate(String... args) {
        return world.run(new TerminateAction(world.toolkit()), args);
    }

    @Test
    void anOptedInJobAtItsRunLimitIsCheckpointedNotKilled() throws IOException {
        FakeWorld.Result r = terminate();
        assertEquals(0, r.code(), r.err());
        assertEquals(List.of("bchkpnt -k 42"), world.lsfCalls);
        assertEquals(List.of(), world.signals);
        assertEquals(List.of(world.now * 1000 + 180_000), world.watchdogs, "watchdog for the default timeout");
        CheckpointState s = new StateFile(chk).read().orElseThrow();
        assertEquals(CheckpointPhase.STARTED, s.phase());
        assertEquals(world.now, s.timestamp());
        assertTrue(Files.readString(chk.resolve(JobLog.LOG)).contains("decision REQUEST_CHECKPOINT"));
        assertTrue(Files.readString(chk.resolve(JobLog.EVENTS)).contains("\"event\":\"checkpoint_requested\""));
    }

    @Test
    void aSecondCallDuringTheCheckpointRequestsNoSecondCheckpoint() {
        terminate();
        world.now += 30;
        FakeWorld.Result again = terminate();
        assertEquals(0, again.code());
        assertEquals(List.of("bchkpnt -k 42"), world.lsfCalls);
        assertEquals(List.of(), world.signals);
        world.now += 200;
        terminate();
        assertEquals(List.of("INT 100"), world.signals, "past the timeout the job is killed");
        assertEquals(List.of("bchkpnt -k 42"), world.lsfCalls);
        CheckpointState s = new StateFile(chk).read().orElseThrow();
        assertEquals(CheckpointPhase.FAILED, s.phase(), "POST_EXEC must not take the run for an unchecked end");
        assertTrue(
                s.lastError().orElseThrow().startsWith("checkpoint timed out: checkpoint started 230 s ago"),
                s.lastError().toString());
    }

    /**
     * The state is the job owner's to write: a job that rewrites it as "checkpoint started now, by
     * this job" must still die a checkpoint timeout after the action started. The action trusts it
     * no further than its own watchdog (it used to arm none, and the job ran to its own end).
     */
    @Test
    void aStateForgedAsCheckpointStartedStillGetsTheJobAWatchdog() throws IOException {
        Files.writeString(
                chk.resolve(StateFile.NAME),
                "{\"version\": \"V2\", \"job_id\": 42, \"timestamp\": " + world.now + ", \"chkpnt_state\": 2,"
                        + " \"overrun_restarts\": 0, \"should_restart\": true,"
                        + " \"summary_info\": [{\"id\": 42, \"start_time\": 1, \"runtime\": 0}]}\n");
        FakeWorld.Result r = terminate();
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(chk.resolve(JobLog.LOG)).contains("decision WAIT_FOR_CHECKPOINT"));
        assertEquals(List.of(), world.lsfCalls, "no second checkpoint requested");
        assertEquals(List.of(world.now * 1000 + 180_000), world.watchdogs, "the job dies at the timeout all the same");
    }

    @Test
    void everyJobThatMayNotBeCheckpointedIsKilledTheWayLsfDoes() {
        for (String[] change : List.of(
                new String[] {"LSB_SUSP_REASONS", "2"},
                new String[] {"LSB_SUSP_SUBREASONS", "0"},
                new String[] {"ENABLE_ORUN_CHKPNT", "N"},
                new String[] {"LSB_JOBINDEX", "3"},
                new String[] {"LSB_INTERACTIVE", "Y"},
                new String[] {"LSB_HOSTS", "a b"},
                new String[] {"LSB_CHKPNT_DIR", ""})) {
            world.runLimitOf42(chk);
            world.env.put(change[0], change[1]);
            world.signals.clear();
            world.watchdogs.clear();
            FakeWorld.Result r = terminate();
            assertEquals(0, r.code(), change[0]);
            boolean runLimit = !change[0].startsWith("LSB_SUSP");
            // at its run limit, a job the toolkit does not checkpoint gets LSF's warning and dies 600 s later
            assertEquals(List.of(runLimit ? "USR2 100" : "INT 100"), world.signals, change[0]);
            assertEquals(runLimit ? List.of(world.now * 1000 + 600_000) : List.of(), world.watchdogs, change[0]);
            assertEquals(List.of(), world.lsfCalls, change[0]);
            world.env.remove("LSB_INTERACTIVE");
            world.env.remove("LSB_HOSTS");
        }
    }

    @Test
    void theRunLimitWarningIsLsfsOwnAndOnlyForAJobWhoseCheckpointWasNotTried() throws IOException {
        world.env.put("ENABLE_ORUN_CHKPNT", "N");
        terminate();
        assertEquals(List.of("USR2 100"), world.signals);
        String log = Files.readString(chk.resolve(JobLog.LOG));
        assertTrue(log.contains("run-limit warning: SIGUSR2 sent to process groups [100] (job opted out"), log);
        assertTrue(Files.readString(chk.resolve(JobLog.EVENTS)).contains("\"event\":\"runlimit_warning\""));
        // the site turns it off: killed at once, as before
        world.config("LSF_BINDIR=/fake/lsf/bin\nRUNLIMIT_WARNING_SIGNAL=none\n");
        world.runLimitOf42(chk); // the job again (the fake one died of the warning)
        world.env.put("ENABLE_ORUN_CHKPNT", "N");
        world.signals.clear();
        terminate();
        assertEquals(List.of("INT 100"), world.signals);
        // a job whose checkpoint was tried and failed is killed at once: it had its time
        world.config("LSF_BINDIR=/fake/lsf/bin\n");
        world.runLimitOf42(chk);
        new StateFile(chk)
                .update(b -> b.orElseGet(() -> CheckpointState.initial(42, 1))
                        .checkpointStarted(42, 1, world.now)
                        .checkpointFailed(world.now, "criu failed"));
        world.signals.clear();
        terminate();
        assertEquals(List.of("INT 100"), world.signals);
    }

    @Test
    void signalsEscalateOnlyWhileTheJobLives() {
        world.process(101, 100, 100, "INT", "TERM");
        world.env.put("LSB_SUSP_REASONS", "2"); // a bkill: killed at once, as LSF kills
        terminate();
        assertEquals(List.of("INT 100", "TERM 100", "KILL 100"), world.signals);
        assertTrue(
                world.millis >= 20_000 && world.millis < 21_000,
                "waited the interval after INT and TERM: " + world.millis);
    }

    @Test
    void aFailedCheckpointRequestKillsAtOnceAndIsRecorded() {
        world.bchkpnt = new CommandResult(List.of("bchkpnt", "-k", "42"), 255, "", "Job is not checkpointable", false);
        FakeWorld.Result r = terminate();
        assertEquals(1, r.code());
        assertEquals(List.of("INT 100"), world.signals);
        CheckpointState s = new StateFile(chk).read().orElseThrow();
        assertEquals(CheckpointPhase.FAILED, s.phase());
        assertTrue(
                s.lastError().orElseThrow().contains("Job is not checkpointable"),
                s.lastError().toString());
    }

    @Test
    void aCorruptStateFileKillsTheJob() throws IOException {
        Files.writeString(chk.resolve(StateFile.NAME), "{\"version\": \"V1\", \"job");
        assertEquals(0, terminate().code());
        assertEquals(List.of("USR2 100"), world.signals, "not checkpointed: LSF's run-limit warning");
        assertEquals(List.of(), world.lsfCalls);
    }

    @Test
    void anUnreadableConfigurationKillsTheJob() throws IOException {
        world.config("RESTART_LIMIT_MAX=lots\n");
        FakeWorld.Result r = terminate();
        assertEquals(3, r.code());
        assertEquals(List.of("INT 100"), world.signals);
    }

    @Test
    void theRestartLimitUsedUpKillsTheJob() {
        new StateFile(chk)
                .update(b -> new CheckpointState(
                        "V2", 42, 40, 1, CheckpointPhase.NONE, 2, false, List.of(), java.util.Optional.empty()));
        terminate();
        assertEquals(List.of("USR2 100"), world.signals, "LSF's run-limit warning: the job is not checkpointed");
        assertTrue(world.lsfCalls.isEmpty());
    }

    @Test
    void theWatchdogKillsWhatIsLeftAndRecordsTheTimeout() {
        terminate();
        world.now += 180;
        FakeWorld.Result r = terminate("--watchdog");
        assertEquals(0, r.code());
        assertEquals(List.of("INT 100"), world.signals);
        CheckpointState s = new StateFile(chk).read().orElseThrow();
        assertEquals(CheckpointPhase.FAILED, s.phase());
        assertEquals("checkpoint timed out", s.lastError().orElseThrow());
        world.signals.clear();
        terminate("--watchdog");
        assertEquals(List.of(), world.signals, "nothing left to kill");
    }

    @Test
    void theWatchdogArmedForTheJobKillsItWhenTheCheckpointNeverCame() {
        terminate();
        List<String> armed = world.watchdogArms.get(0);
        assertTrue(armed.contains("100:0"), armed.toString());
        world.now += 180;
        terminate(cat("--watchdog", armed));
        assertEquals(List.of("INT 100"), world.signals);
    }

    @Test
    void theWatchdogNeverKillsAProcessThatReusesTheJobsPidsSuchAsTheRestoredJob() {
        terminate();
        List<String> armed = world.watchdogArms.get(0);
        // the checkpoint killed the job; criu restored it with the same pids, started anew (other start ticks)
        world.processes.replaceAll((pid, p) -> new criu.invoke.proc.ProcStat(
                p.pid(), p.comm(), 'S', p.ppid(), 300, 300, p.startTicks() + 5000, java.util.Optional.empty()));
        world.now += 180;
        assertEquals(0, terminate(cat("--watchdog", armed)).code());
        assertEquals(List.of(), world.signals, "the restored job is not the job the watchdog was armed for");
        assertTrue(read(chk.resolve(JobLog.LOG)).contains("no process it was armed for is alive"));
    }

    @Test
    void aStateThatClaimsSuccessNeverSavesAJobWhoseProcessesStillLive() {
        // the job's owner can write "checkpoint succeeded" into the state: only the job's being gone stands the
        // watchdog down
        terminate();
        List<String> armed = world.watchdogArms.get(0);
        new StateFile(chk).update(b -> b.orElseThrow().checkpointSucceeded(world.now + 10, java.util.Map.of(), true));
        world.now += 180;
        terminate(cat("--watchdog", armed));
        assertEquals(List.of("INT 100"), world.signals);
    }

    @Test
    void aMalformedWatchdogOperandIsAUsageError() {
        assertEquals(2, terminate("--watchdog", "100:x").code());
        assertEquals(2, terminate("--watchdog", "--until=soon", "100:0").code());
    }

    @Test
    void theWatchdogsDeadlineCountsFromTheStartOfTheActionsProcessNotFromItsArming() {
        // this process started 150 ms ago (its JVM's start-up): the timeout counts from then
        thisProcessStartedAtUptime(10_000);
        world.uptimeMillis = 10_150;
        terminate();
        assertEquals(List.of(world.now * 1000 - 150 + 180_000), world.watchdogs);
    }

    @Test
    void anImplausibleAgeOfTheActionsProcessFallsBackToWhenItsMainBegan() {
        thisProcessStartedAtUptime(10_000);
        world.uptimeMillis = 5_000; // "started" in the future
        terminate();
        assertEquals(List.of(world.now * 1000 + 180_000), world.watchdogs);
    }

    @Test
    void theWatchdogWaitsForItsDeadlineBeforeItLooksAtTheJob() {
        terminate();
        world.now += 179;
        long armedAt = world.millis;
        FakeWorld.Result r = terminate(cat("--watchdog", until(world.now * 1000 + world.millis % 1000 + 800)));
        assertEquals(0, r.code(), r.err());
        assertTrue(world.millis - armedAt >= 800, "waited " + (world.millis - armedAt) + " ms");
        assertEquals("INT 100", world.signals.get(0));
    }

    @Test
    void aDeadlineFarAheadOfTheClockDelaysTheWatchdogByAtMostALittleMoreThanItsLead() {
        terminate();
        world.now += 180;
        long armedAt = world.millis;
        terminate(cat("--watchdog", until(world.now * 1000 + 3_600_000)));
        assertTrue(world.millis - armedAt <= hooks.system.WatchdogDeadline.MAX_WAIT_MILLIS + 1_000);
        assertEquals("INT 100", world.signals.get(0));
    }

    /** The action's own process, as the fake /proc shows it: started {@code millis} after the host's boot. */
    void thisProcessStartedAtUptime(long millis) {
        long self = ProcessHandle.current().pid();
        world.processes.put(
                self,
                new criu.invoke.proc.ProcStat(
                        self, "java", 'R', 1, self, self, millis / 10, java.util.Optional.empty()));
        world.ignores.put(self, java.util.Set.of());
    }

    /** The watchdog's operands as the action armed it, with the deadline {@code deadline}. */
    List<String> until(long deadline) {
        List<String> ops = new java.util.ArrayList<>(List.of("--until=" + deadline));
        ops.addAll(world.watchdogArms.get(0));
        return ops;
    }

    static String[] cat(String first, List<String> rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void extraArgumentsAreAUsageErrorAndTheLauncherKills() {
        assertEquals(2, terminate("extra").code());
    }
}
