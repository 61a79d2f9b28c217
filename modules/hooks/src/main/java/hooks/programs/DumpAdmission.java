package hooks.programs;

import criu.invoke.DumpSlots;
import criu.invoke.DumpSpace;
import criu.invoke.image.CheckpointRoot;
import criu.invoke.image.Generations;
import criu.invoke.proc.ImageEstimate;
import criu.invoke.proc.ProcStat;
import criu.invoke.proc.ProcessTable;
import hooks.system.Toolkit;
import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import lsf.env.CheckpointDir;
import lsf.env.config.ConfigKey;
import lsf.env.config.SiteConfig;

/**
 * What a dump must pass before criu starts: the space it will take (the job's estimated image
 * against the filesystem's free space, the per-job cap and the user's quota) and a dump slot of this
 * host and of the cluster (storm control). Reads the figures; {@link DumpSpace} and
 * {@link DumpSlots} decide.
 */
final class DumpAdmission {
    private final Toolkit toolkit;
    private final SiteConfig config;

    DumpAdmission(Toolkit toolkit, SiteConfig config) {
        this.toolkit = toolkit;
        this.config = config;
    }

    /** The space decision's figures and outcome. */
    record Space(ImageEstimate estimate, Optional<DumpSpace.Refusal> refusal) {}

    /** Whether the dump of the job's process groups {@code groups} fits, read now. */
    Space space(Path chk, ProcessTable table, Set<Long> groups) {
        List<Long> pids = new ArrayList<>();
        for (long g : groups) {
            table.group(g).stream()
                    .filter(p -> !p.isZombie())
                    .map(ProcStat::pid)
                    .forEach(pids::add);
        }
        ImageEstimate estimate = ImageEstimate.of(toolkit.proc(), pids);
        DumpSpace limits = new DumpSpace(
                config.number(ConfigKey.MIN_FREE_PERCENT),
                config.number(ConfigKey.MAX_IMAGE_MIB) << 20,
                config.number(ConfigKey.USER_QUOTA_MIB) << 20);
        long total;
        long usable;
        try {
            FileStore store = Files.getFileStore(chk);
            total = store.getTotalSpace();
            usable = store.getUsableSpace();
        } catch (IOException e) {
            // the dump itself will say what is wrong with the directory
            return new Space(estimate, Optional.empty());
        }
        long held = 0;
        if (limits.userQuotaBytes() > 0 && chk.getParent() != null) {
            try {
                held = new CheckpointRoot(chk.getParent(), List.of(CheckpointDir.STATE, CheckpointDir.EVENTS))
                        .bytesHeldBy((int) toolkit.proc().uid());
            } catch (IOException e) {
                // the root cannot be listed: only this job's own generations (all of them) count
                held = new Generations(chk).bytesPrunedByNextCommit(0);
            }
        }
        long pruned = new Generations(chk).bytesPrunedByNextCommit((int) config.number(ConfigKey.GENERATIONS_KEEP));
        return new Space(estimate, limits.check(new DumpSpace.Facts(estimate, total, usable, held, pruned)));
    }

    /** The slot pools the configuration sets (this host's, then the cluster's), possibly none. */
    List<DumpSlots.Pool> pools() {
        List<DumpSlots.Pool> pools = new ArrayList<>();
        if (config.number(ConfigKey.MAX_CONCURRENT_DUMPS) > 0) {
            pools.add(new DumpSlots.Pool("host", Path.of(config.text(ConfigKey.DUMP_SLOTS_HOST_DIR)), (int)
                    config.number(ConfigKey.MAX_CONCURRENT_DUMPS)));
        }
        if (config.number(ConfigKey.CLUSTER_MAX_CONCURRENT_DUMPS) > 0) {
            pools.add(new DumpSlots.Pool("cluster", Path.of(config.text(ConfigKey.DUMP_SLOTS_DIR)), (int)
                    config.number(ConfigKey.CLUSTER_MAX_CONCURRENT_DUMPS)));
        }
        return pools;
    }

    /** Dump slots, waited for at most {@code seconds}. */
    DumpSlots.Outcome slots(long seconds) {
        return new DumpSlots(toolkit.ticker(), toolkit.proc().uid())
                .acquire(pools(), toolkit.ticker().millis() + seconds * 1000);
    }
}
