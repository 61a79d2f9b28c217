package hooks.programs;

import criu.invoke.Checkpointability;
import criu.invoke.CheckpointabilityCheck;
import criu.invoke.proc.ProcessTable;
import hooks.system.Toolkit;
import java.util.LinkedHashMap;
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

    /** Why the job in {@code groups} cannot be checkpointed, or empty (also when that cannot be told). */
    static Optional<String> blocker(
            Toolkit toolkit, JobEnvironment env, SiteConfig config, Set<Long> groups, JobLog log) {
        CheckpointabilityCheck check = new CheckpointabilityCheck(toolkit.proc(), toolkit.children());
        boolean tcp = CheckpointabilityCheck.tcpEstablished(
                config.words(ConfigKey.CRIU_DUMP_OPTIONS), config.words(ConfigKey.CRIU_RESTORE_OPTIONS));
        Optional<Long> restored = env.checkpointDir().flatMap(EchkpntCriu::restoredRoot);
        try {
            ProcessTable table = ProcessTable.read(toolkit.proc());
            for (long g : groups) {
                CheckpointabilityCheck.Assessment a = check.assess(table, g, restored, tcp);
                Checkpointability.Verdict v = a.verdict();
                v.notes().forEach(n -> log.warn("checkpointability: " + n));
                if (v.blocker().isPresent() && v.blocker().get() != Checkpointability.Blocker.NO_DUMP_ROOT) {
                    log.error("not checkpointable (" + v.blocker().get() + "): " + v.reason());
                    Map<String, Object> event = new LinkedHashMap<>();
                    event.put("blocker", v.blocker().get().name());
                    event.put("reason", v.reason());
                    log.event("not_checkpointable", event);
                    return Optional.of(v.reason());
                }
            }
        } catch (RuntimeException e) {
            log.warn("checkpointability could not be assessed, the dump decides: " + e);
        }
        return Optional.empty();
    }
}
