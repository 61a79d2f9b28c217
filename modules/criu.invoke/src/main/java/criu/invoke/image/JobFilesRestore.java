package criu.invoke.image;

import criu.invoke.files.UserFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Before a restore, puts the files a generation recorded ({@link JobFiles}) back to what the job
 * saw at the dump: a file that grew is truncated to its size then (the restored job writes that
 * part again, so its output is neither lost nor doubled); one that shrank, changed below that size
 * or vanished is written back from the generation's copy; without a copy the restore is refused,
 * naming the file. Runs as the job's user, on that user's own files only (never through a link).
 */
public final class JobFilesRestore {
    /** What to do with one file. */
    public enum Action {
        NONE,
        TRUNCATE,
        RESTORE_COPY,
        REFUSE
    }

    /** What was done to every file (one line each), or why the restore must not go on. */
    public record Outcome(List<String> done, Optional<String> refusal) {}

    private JobFilesRestore() {}

    /**
     * The action for a recorded file. Pure.
     *
     * @param current the file's size now; empty when it is gone
     * @param prefixMatches whether its first {@code e.size()} bytes hash to the recorded SHA-256 (only
     *     asked when there is a copy and the file is at least that long)
     */
    public static Action decide(JobFiles.Entry e, OptionalLong current, boolean prefixMatches) {
        boolean copy = e.copy().isPresent() && e.sha256().isPresent();
        if (current.isEmpty()) {
            return copy ? Action.RESTORE_COPY : Action.REFUSE;
        }
        long now = current.getAsLong();
        if (copy) {
            if (now >= e.size() && prefixMatches) {
                return now > e.size() ? Action.TRUNCATE : Action.NONE;
            }
            return Action.RESTORE_COPY;
        }
        return now > e.size() ? Action.TRUNCATE : now == e.size() ? Action.NONE : Action.REFUSE;
    }

    /** Reconciles every file that {@code generation} recorded; a generation without a record has nothing to do. */
    public static Outcome reconcile(Path generation, long uid) {
        Path record = generation.resolve(JobFiles.RECORD);
        List<JobFiles.Entry> entries;
        try {
            if (!Files.isRegularFile(record, LinkOption.NOFOLLOW_LINKS)) {
                return new Outcome(List.of(), Optional.empty());
            }
            entries = JobFiles.parse(UserFiles.readString(record, JobFiles.MAX_RECORD_BYTES));
        } catch (IOException | IllegalArgumentException e) {
            return new Outcome(List.of(), Optional.of(record + " is unusable: " + e.getMessage()));
        }
        List<String> done = new ArrayList<>();
        for (JobFiles.Entry e : entries) {
            try {
                Optional<String> refusal = reconcile(generation, e, uid, done);
                if (refusal.isPresent()) {
                    return new Outcome(done, refusal);
                }
            } catch (IOException | RuntimeException x) {
                return new Outcome(done, Optional.of("cannot put " + e.path() + " back as it was at the dump: " + x));
            }
        }
        return new Outcome(done, Optional.empty());
    }

    private static Optional<String> reconcile(Path generation, JobFiles.Entry e, long uid, List<String> done)
            throws IOException {
        Path file = Path.of(e.path());
        OptionalLong current = OptionalLong.empty();
        if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                return Optional.of("file " + file + " the job had open at the dump is no longer a regular file");
            }
            Object owner = Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (!(owner instanceof Integer o) || o != uid) {
                return Optional.of("file " + file + " the job had open at the dump now belongs to uid " + owner
                        + ", not to the job's user");
            }
            current = OptionalLong.of(Files.size(file));
        }
        boolean prefixMatches = e.sha256().isPresent()
                && current.isPresent()
                && current.getAsLong() >= e.size()
                && JobFiles.prefixSha256(file, e.size()).equals(e.sha256());
        Action action = decide(e, current, prefixMatches);
        String was = current.isPresent() ? current.getAsLong() + " bytes" : "gone";
        switch (action) {
            case NONE:
                return Optional.empty();
            case TRUNCATE:
                try (FileChannel ch =
                        FileChannel.open(file, Set.of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS))) {
                    ch.truncate(e.size());
                }
                done.add(file + ": grew from " + e.size() + " to " + was + " after the dump: truncated to " + e.size()
                        + " bytes (the restored job writes the rest again)");
                return Optional.empty();
            case RESTORE_COPY:
                restoreCopy(generation.resolve(e.copy().get()), file, current.isPresent());
                done.add(file + ": "
                        + (current.isPresent() ? "changed below its size at the dump (" + was + " now)" : "gone")
                        + ": written back from the checkpoint's copy (" + e.size() + " bytes)");
                return Optional.empty();
            default:
                return Optional.of("file " + file + " the job had open at the dump is "
                        + (current.isPresent()
                                ? "now " + was + ", shorter than the " + e.size() + " bytes it had then"
                                : "gone")
                        + ", and the checkpoint holds no copy of it (larger than FILE_COPY_MAX_MIB): restoring would"
                        + " give the job a file it never wrote");
        }
    }

    private static void restoreCopy(Path copy, Path file, boolean exists) throws IOException {
        Set<StandardOpenOption> open = exists
                ? Set.of(StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
                : Set.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
        java.util.Set<java.nio.file.OpenOption> options = new java.util.HashSet<>(open);
        options.add(LinkOption.NOFOLLOW_LINKS);
        try (InputStream in = Files.newInputStream(copy, LinkOption.NOFOLLOW_LINKS);
                FileChannel out = FileChannel.open(file, options)) {
            long size = Files.size(copy);
            long written = 0;
            try (java.nio.channels.ReadableByteChannel src = java.nio.channels.Channels.newChannel(in)) {
                while (written < size) {
                    long n = out.transferFrom(src, written, size - written);
                    if (n <= 0) {
                        break;
                    }
                    written += n;
                }
            }
            out.force(true);
        } catch (NoSuchFileException x) {
            throw new IOException("the checkpoint's copy " + copy + " is missing", x);
        }
    }
}
