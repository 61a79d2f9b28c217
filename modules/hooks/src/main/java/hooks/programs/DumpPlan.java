package hooks.programs;

import checkpoint.store.CheckpointState;
import checkpoint.store.EffectiveSettings;
import criu.invoke.CriuCommand;
import criu.invoke.Dumper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import lsf.env.JobEnvironment;
import lsf.env.config.ConfigKey;
import lsf.env.config.SiteConfig;

/**
 * What one {@code echkpnt.criu} run will do, decided before anything is done: whether this is the
 * run-limit checkpoint that TERMINATE requested (then the state records its outcome and a failed
 * dump kills the job), criu's timeout (never past the checkpoint timeout that TERMINATE started),
 * the dump request, and the process groups a kill ends. Pure: a function of LSF's arguments, the
 * job's environment, the site configuration, the state and the time.
 *
 * @param runLimit the state says this job's run-limit checkpoint is running
 * @param groups the job's process groups (LSF's and the one LSF passed), in order, for the kill
 */
record DumpPlan(
        long jobId,
        long pgid,
        boolean kill,
        boolean runLimit,
        long criuTimeoutSeconds,
        Set<Long> groups,
        EffectiveSettings settings,
        boolean restartOnOverrun,
        long killIntervalSeconds) {

    /** Decides the run from LSF's arguments and what was read; {@code groups} are the job's groups as found in /proc. */
    static DumpPlan of(
            EchkpntCriu.Arguments a,
            JobEnvironment env,
            SiteConfig config,
            Optional<CheckpointState> state,
            long now,
            Set<Long> groups) {
        long jobId = env.jobId().orElse(0);
        boolean runLimit = state.map(s -> s.checkpointRunningFor(jobId)).orElse(false);
        EffectiveSettings settings = EffectiveSettings.resolve(env, config);
        long timeout = config.number(ConfigKey.CRIU_DUMP_TIMEOUT);
        if (runLimit) {
            long left = state.get().timestamp() + settings.timeoutSeconds().value() - now;
            timeout = Math.max(1, Math.min(timeout, left));
        }
        java.util.SortedSet<Long> all = new TreeSet<>(groups);
        all.add(a.pgid());
        return new DumpPlan(
                jobId,
                a.pgid(),
                a.kill(),
                runLimit,
                timeout,
                java.util.Collections.unmodifiableSortedSet(all),
                settings,
                checkpoint.store.OptIn.of(env, config).restart(),
                config.number(ConfigKey.JOB_TERMINATE_INTERVAL));
    }

    /**
     * Why this run takes no dump, or empty: a checkpoint LSF asked for without {@code -k} (periodic, a
     * plain {@code bchkpnt}) within {@code minInterval} seconds of the newest generation ({@code
     * newestCreated}, epoch seconds) is skipped, as LSF asks again within seconds when it loops (a
     * plain {@code bchkpnt} on volclava 2.2 stores "no change" as the period). A run-limit or {@code
     * -k} checkpoint always dumps.
     */
    Optional<String> skip(Optional<Long> newestCreated, long now, long minInterval) {
        if (kill || runLimit || newestCreated.isEmpty() || minInterval == 0) {
            return Optional.empty();
        }
        long age = now - newestCreated.get();
        if (age < 0 || age >= minInterval) {
            return Optional.empty();
        }
        return Optional.of("the newest generation is " + age + " s old, under PERIODIC_CHECKPOINT_MIN_INTERVAL ("
                + minInterval + " s): it stays the job's checkpoint");
    }

    /** The dump criu is asked for, criu bounded by {@code criuTimeout} seconds (what is left after a slot wait). */
    Dumper.Request request(
            Path checkpointDir,
            SiteConfig config,
            boolean unprivileged,
            Optional<Long> restoredRoot,
            long criuTimeout) {
        return new Dumper.Request(
                checkpointDir,
                pgid,
                kill ? CriuCommand.AfterDump.LEAVE_STOPPED : CriuCommand.AfterDump.KEEP_RUNNING,
                unprivileged,
                config.words(ConfigKey.CRIU_DUMP_OPTIONS),
                Duration.ofSeconds(criuTimeout),
                (int) config.number(ConfigKey.GENERATIONS_KEEP),
                config.flag(ConfigKey.IMAGE_CHECKSUMS),
                restoredRoot,
                config.number(ConfigKey.FILE_COPY_MAX_MIB) << 20);
    }

    /** The log line that opens the run. */
    String describe() {
        return "checkpoint of process group " + pgid + (kill ? ", then kill" : ", job keeps running")
                + (runLimit ? " (run-limit checkpoint)" : "") + ", criu timeout " + criuTimeoutSeconds + " s";
    }

    /**
     * The state after a good dump, from the state under the lock: unchanged unless this job's run-limit
     * checkpoint still runs there; then it succeeded, and a restart is wanted while the job opted in and
     * has restarts left.
     */
    Optional<CheckpointState> succeeded(Optional<CheckpointState> before, long now, Map<String, Long> figures) {
        return ownCheckpoint(before)
                .map(s -> s.checkpointSucceeded(
                        now,
                        figures,
                        restartOnOverrun
                                && s.overrunRestarts() < settings.restartLimit().value()));
    }

    /** The state after a failed dump, from the state under the lock (unchanged unless this job's checkpoint runs there). */
    Optional<CheckpointState> failed(Optional<CheckpointState> before, long now, String why) {
        return ownCheckpoint(before).map(s -> s.checkpointFailed(now, why));
    }

    /** A periodic or user checkpoint leaves the state alone; so does one whose run-limit checkpoint is not this job's. */
    private Optional<CheckpointState> ownCheckpoint(Optional<CheckpointState> before) {
        return runLimit ? before.filter(s -> s.checkpointRunningFor(jobId)) : Optional.empty();
    }

    /** A failed dump kills the job only at its run limit: a periodic checkpoint's job runs on. */
    boolean killOnFailure() {
        return runLimit;
    }
}
