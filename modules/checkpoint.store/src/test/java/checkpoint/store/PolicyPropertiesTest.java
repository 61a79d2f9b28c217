package checkpoint.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;

import checkpoint.store.Decision.Action;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lsf.env.JobEnvironment;
import lsf.env.LsfConstants;
import lsf.env.config.SiteConfig;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import org.quicktheories.generators.SourceDSL;

/**
 * Properties of the restart policy over random event sequences: TERMINATE calls with random
 * reasons, checkpoints that succeed or fail, POST_EXEC restarts, clock jumps, and random (also
 * malformed) knob values, applied the way the hooks apply them.
 */
class PolicyPropertiesTest {
    enum Kind {
        TERMINATE,
        DUMP_OK,
        DUMP_FAILS,
        POST_EXEC,
        CLOCK
    }

    record Event(Kind kind, long a, long b) {}

    record Job(
            String chkpnt,
            String restart,
            String limit,
            String timeout,
            long index,
            boolean interactive,
            boolean multiHost,
            int adminDefault,
            int adminMax) {}

    static final List<String> FLAGS = List.of("Y", "N", "y", "", "yes", "maybe", "0");
    static final List<String> NUMBERS =
            List.of("", "0", "1", "2", "3", "5", "50", "abc", "-1", "99999999999999999999", "1000000001", " 4 ");
    static final List<Long> REASONS = List.of(
            0L,
            LsfConstants.SUSP_USER_STOP,
            LsfConstants.SUSP_RES_LIMIT,
            LsfConstants.SUSP_RES_LIMIT | LsfConstants.SUSP_LOAD_REASON,
            LsfConstants.SUSP_QUEUE_WINDOW);
    static final List<Long> SUBREASONS = List.of(
            0L,
            LsfConstants.SUB_REASON_RUNLIMIT,
            LsfConstants.SUB_REASON_MEMLIMIT,
            LsfConstants.SUB_REASON_RUNLIMIT | LsfConstants.SUB_REASON_CPULIMIT);

    static Gen<Job> jobs() {
        Gen<String> flag = Generate.pick(FLAGS);
        Gen<String> number = Generate.pick(NUMBERS);
        Gen<Long> index = Generate.frequency(
                org.quicktheories.api.Pair.of(5, Generate.constant(0L)),
                org.quicktheories.api.Pair.of(1, Generate.longRange(1, 1000)));
        Gen<Boolean> rare = Generate.range(0, 9).map(i -> i == 0);
        Gen<int[]> admin = Generate.range(0, 5).zip(Generate.range(0, 5), (d, extra) -> new int[] {d, d + extra});
        return flag.zip(flag, number, number, (c, r, l, t) -> new String[] {c, r, l, t})
                .zip(
                        index,
                        rare,
                        rare,
                        admin,
                        (s, i, inter, multi, a) -> new Job(s[0], s[1], s[2], s[3], i, inter, multi, a[0], a[1]));
    }

    static Gen<Event> events() {
        Gen<Event> terminate =
                Generate.pick(REASONS).zip(Generate.pick(SUBREASONS), (r, s) -> new Event(Kind.TERMINATE, r, s));
        Gen<Event> clock = Generate.longRange(-300, 600).map(d -> new Event(Kind.CLOCK, d, 0));
        return Generate.frequency(
                org.quicktheories.api.Pair.of(4, terminate),
                org.quicktheories.api.Pair.of(2, Generate.constant(new Event(Kind.DUMP_OK, 0, 0))),
                org.quicktheories.api.Pair.of(1, Generate.constant(new Event(Kind.DUMP_FAILS, 0, 0))),
                org.quicktheories.api.Pair.of(2, Generate.constant(new Event(Kind.POST_EXEC, 0, 0))),
                org.quicktheories.api.Pair.of(3, clock));
    }

    static Map<String, String> environment(Job job, long jobId) {
        Map<String, String> env = new HashMap<>();
        env.put("LSB_JOBID", Long.toString(jobId));
        env.put("LSB_JOBINDEX", Long.toString(job.index()));
        env.put("LSB_CHKPNT_DIR", "/scratch/chk/" + jobId);
        env.put("ENABLE_ORUN_CHKPNT", job.chkpnt());
        env.put("ENABLE_ORUN_RESTART", job.restart());
        env.put("ORUN_RESTART_LIMIT", job.limit());
        env.put("ORUN_TIMEOUT_SECONDS", job.timeout());
        if (job.interactive()) {
            env.put("LSB_INTERACTIVE", "Y");
        }
        if (job.multiHost()) {
            env.put("LSB_HOSTS", "hostA hostB");
        }
        return env;
    }

    static SiteConfig config(Job job) {
        return SiteConfig.of(
                "test",
                Map.of(
                        "RESTART_LIMIT_DEFAULT",
                        Integer.toString(job.adminDefault()),
                        "RESTART_LIMIT_MAX",
                        Integer.toString(job.adminMax()),
                        "CHECKPOINT_TIMEOUT_DEFAULT",
                        "180",
                        "CHECKPOINT_TIMEOUT_MAX",
                        "400"));
    }

    @Test
    void randomEventSequencesKeepThePolicysPromises() {
        qt().withExamples(3000)
                .forAll(jobs(), SourceDSL.lists().of(events()).ofSizeBetween(1, 60))
                .checkAssert(PolicyPropertiesTest::simulate);
    }

    static void simulate(Job job, List<Event> events) {
        SiteConfig config = config(job);
        long now = 1_700_000_000L;
        long jobId = 100;
        long runStart = now;
        Optional<CheckpointState> state = Optional.empty();
        for (Event e : events) {
            Map<String, String> raw = environment(job, jobId);
            switch (e.kind()) {
                case TERMINATE: {
                    raw.put("LSB_SUSP_REASONS", Long.toString(e.a()));
                    raw.put("LSB_SUSP_SUBREASONS", Long.toString(e.b()));
                    JobEnvironment env = JobEnvironment.of(raw);
                    Decision d = RestartPolicy.onTerminate(snapshot(state), env, config, now);
                    boolean eligible = env.isRunLimitKill()
                            && env.knobs().checkpointOnOverrun()
                            && !env.isArrayElement()
                            && !env.isInteractive()
                            && !env.spansSeveralHosts();
                    if (!eligible) {
                        assertNotEquals(Action.REQUEST_CHECKPOINT, d.action(), d.reason());
                        assertNotEquals(Action.WAIT_FOR_CHECKPOINT, d.action(), d.reason());
                    }
                    if (eligible
                            && state.isPresent()
                            && state.get().belongsTo(jobId)
                            && state.get().phase() == CheckpointPhase.STARTED
                            && now - state.get().timestamp()
                                    >= d.settings().timeoutSeconds().value()) {
                        assertTrue(d.kills(), "checkpoint past its timeout must be killed: " + d);
                    }
                    assertTrue(d.settings().timeoutSeconds().value() <= 400, "timeout above the admin maximum");
                    if (d.action() == Action.REQUEST_CHECKPOINT) {
                        CheckpointState base = state.isPresent() ? state.get() : CheckpointState.initial(100, runStart);
                        state = Optional.of(base.checkpointStarted(jobId, runStart, now));
                    }
                    break;
                }
                case DUMP_OK:
                case DUMP_FAILS:
                    if (state.isPresent()
                            && state.get().belongsTo(jobId)
                            && state.get().phase() == CheckpointPhase.STARTED) {
                        JobEnvironment env = JobEnvironment.of(raw);
                        EffectiveSettings s = EffectiveSettings.resolve(env, config);
                        state = Optional.of(
                                e.kind() == Kind.DUMP_FAILS
                                        ? state.get().checkpointFailed(now, "criu failed")
                                        : state.get()
                                                .checkpointSucceeded(
                                                        now,
                                                        Map.of("pages", 1L),
                                                        env.knobs().restartOnOverrun()
                                                                && state.get().overrunRestarts()
                                                                        < s.restartLimit()
                                                                                .value()));
                    }
                    break;
                case POST_EXEC: {
                    JobEnvironment env = JobEnvironment.of(raw);
                    Decision d = RestartPolicy.afterJob(snapshot(state), env, config);
                    long limit = d.settings().restartLimit().value();
                    assertTrue(limit <= job.adminMax(), "restart limit above the admin maximum: " + d);
                    if (d.action() == Action.RESTART) {
                        state = Optional.of(state.get().restartSubmitted(jobId + 1, now));
                        jobId++;
                        runStart = now;
                        assertTrue(state.get().overrunRestarts() <= limit, "restarts exceed the limit: " + state);
                    }
                    break;
                }
                default:
                    now += e.a();
                    break;
            }
            state.ifPresent(s -> assertEquals(s, StateCodec.read("rt", StateCodec.write(s)), "round trip"));
        }
    }

    static StateSnapshot snapshot(Optional<CheckpointState> state) {
        return state.map(StateSnapshot::of).orElseGet(StateSnapshot::none);
    }

    @Test
    void aCheckpointInProgressPastItsTimeoutAlwaysKills() {
        qt().withExamples(2000)
                .forAll(jobs(), Generate.longRange(-10_000, 10_000), Generate.longRange(-20, 20), Generate.range(0, 6))
                .checkAssert((job, age, nearTimeout, restarts) -> {
                    Map<String, String> raw = environment(job, 100);
                    raw.put("LSB_SUSP_REASONS", Long.toString(LsfConstants.SUSP_RES_LIMIT));
                    raw.put("LSB_SUSP_SUBREASONS", "1");
                    JobEnvironment env = JobEnvironment.of(raw);
                    long timeout = EffectiveSettings.resolve(env, config(job))
                            .timeoutSeconds()
                            .value();
                    CheckpointState s = new CheckpointState(
                            "V2",
                            100,
                            90,
                            1_000_000,
                            CheckpointPhase.STARTED,
                            restarts,
                            false,
                            List.of(),
                            Optional.empty());
                    for (long a : new long[] {age, timeout + nearTimeout}) {
                        Decision d = RestartPolicy.onTerminate(StateSnapshot.of(s), env, config(job), 1_000_000 + a);
                        if (a >= timeout) {
                            assertTrue(d.kills(), "age " + a + ": " + d);
                        }
                        assertNotEquals(Action.REQUEST_CHECKPOINT, d.action(), "a second checkpoint was requested");
                    }
                });
    }

    @Test
    void anUnusableStateFileAlwaysKillsAndNeverRestarts() {
        qt().withExamples(500)
                .forAll(jobs(), Generate.pick(REASONS), Generate.pick(SUBREASONS))
                .checkAssert((job, r, s) -> {
                    Map<String, String> raw = environment(job, 100);
                    raw.put("LSB_SUSP_REASONS", Long.toString(r));
                    raw.put("LSB_SUSP_SUBREASONS", Long.toString(s));
                    JobEnvironment env = JobEnvironment.of(raw);
                    StateSnapshot bad = StateSnapshot.unusable("corrupt");
                    assertEquals(
                            Action.KILL_NORMALLY,
                            RestartPolicy.onTerminate(bad, env, config(job), 0).action());
                    assertEquals(
                            Action.SUMMARISE,
                            RestartPolicy.afterJob(bad, env, config(job)).action());
                });
    }
}
