package criu.invoke;

import criu.invoke.files.UserFiles;
import criu.invoke.image.CoreCredentials;
import criu.invoke.image.Generations;
import criu.invoke.image.ImageFiles;
import criu.invoke.image.Manifest;
import criu.invoke.proc.HostFingerprint;
import criu.invoke.proc.ProcFs;
import criu.invoke.proc.ProcStat;
import criu.invoke.process.Ticker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Prepares the restore of a job's current generation: the manifest is verified first (a truncated
 * or missing image file is refused), then the image's task ids must be free. A dumped and killed
 * task may linger as a zombie for a while (PID 1 reaps slowly), so the check waits, bounded,
 * before it fails with a message naming the pid that is still held.
 */
public final class Restorer {
    static final long POLL_MILLIS = 200;

    private final ProcFs proc;
    private final Ticker ticker;

    public Restorer(ProcFs proc, Ticker ticker) {
        this.proc = proc;
        this.ticker = ticker;
    }

    /**
     * A generation ready to restore, or the reason it cannot be; {@code skipped} names each newer
     * generation that failed verification and why.
     */
    public record Plan(
            Optional<Path> generation, Optional<Manifest> manifest, Optional<String> problem, List<String> skipped) {
        public Plan {
            skipped = List.copyOf(skipped);
        }

        static Plan problem(String why, List<String> skipped) {
            return new Plan(Optional.empty(), Optional.empty(), Optional.of(why), skipped);
        }

        public boolean ready() {
            return problem.isEmpty();
        }
    }

    /** As {@link #prepare(Path, Duration, long, Set, Optional)} for this process's user, without a host comparison. */
    public Plan prepare(Path checkpointDir, Duration pidWait) {
        return prepare(checkpointDir, pidWait, proc.uid(), proc.groups(), Optional.empty());
    }

    /** As {@link #prepare(Path, Duration, long, Set, Optional)} for this process's user and groups. */
    public Plan prepare(Path checkpointDir, Duration pidWait, Optional<HostFingerprint> here) {
        return prepare(checkpointDir, pidWait, proc.uid(), proc.groups(), here);
    }

    /**
     * Chooses the newest generation that passes verification (its directory the restoring user's,
     * manifest, image sizes and checksums, the tasks' credentials in the core images for restoring
     * user {@code uid} holding {@code groups}, the fingerprint against {@code here}), then waits for
     * its task ids to be free. A generation that fails is skipped for the next older one; when none
     * passes, the problem lists every generation's reason. A checkpoint directory, or its
     * {@code criu/}, that is a link, another user's or writable by others is refused outright.
     */
    public Plan prepare(
            Path checkpointDir, Duration pidWait, long uid, Set<Long> groups, Optional<HostFingerprint> here) {
        Generations generations = new Generations(checkpointDir);
        Optional<String> foreign = java.util.stream.Stream.of(checkpointDir, generations.base())
                .filter(d -> java.nio.file.Files.exists(d, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                .map(d -> UserFiles.ownedDirectoryRefusal(d, uid))
                .flatMap(Optional::stream)
                .findFirst();
        if (foreign.isPresent()) {
            return Plan.problem("not a checkpoint of this user's: " + foreign.get(), List.of());
        }
        List<Path> complete;
        try {
            complete = generations.complete();
        } catch (RuntimeException e) {
            return Plan.problem(e.getMessage(), List.of());
        }
        if (complete.isEmpty()) {
            return Plan.problem(
                    "no checkpoint to restore: " + generations.base() + " holds no complete generation", List.of());
        }
        List<String> skipped = new ArrayList<>();
        for (Path generation : complete) {
            Optional<String> foreignGeneration = UserFiles.ownedDirectoryRefusal(generation, uid);
            if (foreignGeneration.isPresent()) { // never read: not this user's
                skipped.add(generation.getFileName() + ": " + foreignGeneration.get());
                continue;
            }
            ImageFiles.Verified verified = ImageFiles.verify(generation); // once: it may checksum gigabytes
            Optional<String> refusal = verified.problem()
                    .or(() -> refusal(generation, verified.manifest().get(), uid, groups, here));
            if (refusal.isPresent()) {
                skipped.add(generation.getFileName() + ": " + refusal.get());
                continue;
            }
            Manifest manifest = verified.manifest().get();
            Optional<String> held = waitForFreeIds(manifest.pids(), pidWait);
            if (held.isPresent()) {
                return Plan.problem(held.get(), skipped);
            }
            return new Plan(Optional.of(generation), Optional.of(manifest), Optional.empty(), skipped);
        }
        return Plan.problem("no generation can be restored: " + String.join("; ", skipped), skipped);
    }

    /** Why one generation, whose files match its {@code manifest}, must not be restored, or empty. */
    private static Optional<String> refusal(
            Path generation, Manifest manifest, long uid, Set<Long> groups, Optional<HostFingerprint> here) {
        if (uid != 0) {
            Optional<String> creds = CoreCredentials.refusal(generation, uid, groups);
            if (creds.isPresent()) {
                return creds;
            }
        }
        Optional<HostFingerprint> dumped = manifest.fingerprint();
        if (here.isPresent() && dumped.isPresent()) {
            return here.get().refusal(dumped.get()).map(r -> "not restorable on this host: " + r);
        }
        return Optional.empty();
    }

    /** Waits until none of {@code ids} is in use, at most {@code wait}; the problem if one still is. */
    public Optional<String> waitForFreeIds(List<Long> ids, Duration wait) {
        long deadline = ticker.millis() + wait.toMillis();
        java.util.Set<Long> own = proc.ownTasks();
        while (true) {
            Optional<ProcStat> holder = ids.stream()
                    .filter(id -> !own.contains(id))
                    .map(proc::stat)
                    .flatMap(Optional::stream)
                    .findFirst();
            if (holder.isEmpty()) {
                return Optional.empty();
            }
            if (ticker.millis() >= deadline) {
                ProcStat h = holder.get();
                return Optional.of("pid " + h.pid() + " that the checkpoint needs is still in use by '" + h.comm() + "'"
                        + (h.isZombie() ? " (a zombie not yet reaped by its parent " + h.ppid() + ")" : "") + " after "
                        + wait.toSeconds() + " s");
            }
            ticker.sleep(POLL_MILLIS);
        }
    }
}
