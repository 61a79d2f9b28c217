package hooks.programs;

import criu.invoke.Checkpointability;
import criu.invoke.CheckpointabilityCheck;
import criu.invoke.proc.Mounts;
import criu.invoke.proc.ProcessTable;
import hooks.system.Toolkit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lsf.env.JobEnvironment;
import lsf.env.config.ConfigKey;
import lsf.env.config.SiteConfig;

/**
 * Asks {@link CheckpointabilityCheck}, before a checkpoint, whether the job's processes as they are now
 * can be checkpointed at all, and records a refusal in the job's log and events. A group without a dump
 * root is left to the dump, which says why in its own words.
 */
final class JobCheckpointability {
    private JobCheckpointability() {}

    /**
     * What was found: why the job cannot be checkpointed (empty when it can, or when that cannot be told),
     * and the paths it has open (files, working directories) on filesystems local to this host.
     */
    record Found(Optional<String> blocker, List<String> hostLocalPaths) {}

    /** Why the job in {@code groups} cannot be checkpointed, or empty (also when that cannot be told). */
    static Optional<String> blocker(
            Toolkit toolkit, JobEnvironment env, SiteConfig config, Set<Long> groups, JobLog log) {
        return assess(toolkit, env, config, groups, log, false).blocker();
    }

    /**
     * The job's checkpointability and, when {@code hostLocal} (a dump that records them), its host-local
     * paths, read once; without it neither mountinfo nor the working directories are read.
     */
    static Found assess(
            Toolkit toolkit, JobEnvironment env, SiteConfig config, Set<Long> groups, JobLog log, boolean hostLocal) {
        CheckpointabilityCheck check = new CheckpointabilityCheck(toolkit.proc(), toolkit.children());
        boolean tcp = CheckpointabilityCheck.tcpEstablished(
                config.words(ConfigKey.CRIU_DUMP_OPTIONS), config.words(ConfigKey.CRIU_RESTORE_OPTIONS));
        Optional<Long> restored = env.checkpointDir().flatMap(EchkpntCriu::restoredRoot);
        List<String> local = new ArrayList<>();
        try {
            ProcessTable table = ProcessTable.read(toolkit.proc());
            Optional<Mounts> mounts = toolkit.proc()
                    .text(ProcessHandle.current().pid(), "mountinfo")
                    .map(Mounts::parse);
            for (long g : groups) {
                CheckpointabilityCheck.Assessment a = check.assess(table, g, restored, tcp);
                Checkpointability.Verdict v = a.verdict();
                if (mounts.isPresent() && a.facts().isPresent()) {
                    List<String> targets = new ArrayList<>();
                    for (criu.invoke.proc.JobFacts.Task t : a.facts().get().tasks()) {
                        toolkit.proc().link(t.pid(), "cwd").ifPresent(targets::add);
                        t.files().forEach(f -> targets.add(f.target()));
                    }
                    mounts.get().hostLocal(targets).stream()
                            .filter(p -> !local.contains(p))
                            .forEach(local::add);
                }
                v.notes().forEach(n -> log.warn("checkpointability: " + n));
                if (v.blocker().isPresent() && v.blocker().get() != Checkpointability.Blocker.NO_DUMP_ROOT) {
                    log.error("not checkpointable (" + v.blocker().get() + "): " + v.reason());
                    Map<String, Object> event = new LinkedHashMap<>();
                    event.put("blocker", v.blocker().get().name());
                    event.put("reason", v.reason());
                    log.event("not_checkpointable", event);
                    return new Found(Optional.of(v.reason()), local);
                }
            }
        } catch (RuntimeException e) {
            log.warn("checkpointability could not be assessed, the dump decides: " + e);
        }
        return new Found(Optional.empty(), local);
    }
}
