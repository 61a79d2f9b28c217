package checkpoint.store.metrics;

import checkpoint.store.AtomicFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One job user's metrics file in the node_exporter textfile directory ({@code METRICS_DIR}):
 * {@code lsf_criu_<user>.prom}, read, changed and replaced whole (temporary file, fsync, rename) under
 * an exclusive lock on {@code .lsf_criu_<user>.lock}, so that jobs of one user ending at once each
 * add their counts and a scrape sees the old file or the new one. Every job user writes there, so
 * the directory must be sticky when others may write to it (mode 1777): then nobody can replace a
 * file of another user's, and a file or lock that is not this user's own, or not a regular file, is
 * refused rather than used. A file per user, because a sticky directory forbids renaming over another
 * user's file: node_exporter merges them, each series carrying its {@code user} label.
 */
public final class MetricsFile {
    /** The largest metrics file read back (ours are a few KiB). */
    static final int MAX_BYTES = 1 << 20;
    /** The longest a program waits for the lock (an update holds it for a read and a rename: milliseconds). */
    static final long LOCK_WAIT_MILLIS = 2000;

    private final Path dir;
    private final String user;
    private final int uid;

    /**
     * @param dir the textfile collector's directory
     * @param user this process's user name
     * @param uid this process's uid, which must own the user's file and lock
     */
    public MetricsFile(Path dir, String user, int uid) {
        this.dir = dir;
        this.user = MetricsText.userLabel(user);
        this.uid = uid;
    }

    /** The metrics file's path. */
    public Path file() {
        return dir.resolve("lsf_criu_" + user + ".prom");
    }

    /** Adds {@code deltas} to the file (nothing to add: the file is left as it is). */
    public void update(List<MetricDelta> deltas) throws IOException {
        if (deltas.isEmpty()) {
            return;
        }
        java.util.Optional<String> refusal = directoryRefusal();
        if (refusal.isPresent()) {
            throw new IOException(refusal.get());
        }
        try (FileChannel lock = lockChannel()) {
            acquire(lock); // released as the channel closes
            MetricsText m =
                    MetricsText.parse(read()).apply(user, KnownSeries.zeros()).apply(user, deltas);
            AtomicFile.write(file(), m.render().getBytes(StandardCharsets.UTF_8), "rw-r--r--");
        }
    }

    /**
     * Takes the lock within {@link #LOCK_WAIT_MILLIS}, or gives up: the lock is the job user's own file, and
     * a program at a job's run limit must never wait on something the job's user can hold for ever.
     */
    private static void acquire(FileChannel lock) throws IOException {
        long until = System.nanoTime() + LOCK_WAIT_MILLIS * 1_000_000;
        while (lock.tryLock() == null) {
            if (System.nanoTime() > until) {
                throw new IOException("the metrics lock stayed held for " + LOCK_WAIT_MILLIS + " ms");
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for the metrics lock", e);
            }
        }
    }

    /** The file's current text, or "" when there is none yet. */
    public String read() throws IOException {
        Path f = file();
        if (!Files.exists(f, LinkOption.NOFOLLOW_LINKS)) {
            return "";
        }
        requireOwn(f);
        try (FileChannel ch = FileChannel.open(f, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
            ByteBuffer buf = ByteBuffer.allocate((int) Math.min(MAX_BYTES, Math.max(0, ch.size())));
            while (buf.hasRemaining() && ch.read(buf) > 0) {
                // reads up to the bound
            }
            return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8);
        }
    }

    /** Why the directory cannot be used: not a real directory, or writable by others without the sticky bit. */
    public java.util.Optional<String> directoryRefusal() {
        try {
            Map<String, Object> a = Files.readAttributes(dir, "unix:mode,isDirectory", LinkOption.NOFOLLOW_LINKS);
            if (!Boolean.TRUE.equals(a.get("isDirectory"))) {
                return java.util.Optional.of("METRICS_DIR " + dir + " is not a directory (or is a link)");
            }
            int mode = (Integer) a.get("mode");
            if ((mode & 0022) != 0 && (mode & 01000) == 0) {
                return java.util.Optional.of("METRICS_DIR " + dir + " is writable by others but not sticky (mode "
                        + Integer.toOctalString(mode & 07777) + "): make it 1777 so that no user can replace"
                        + " another's file");
            }
            return java.util.Optional.empty();
        } catch (IOException | RuntimeException e) {
            return java.util.Optional.of("METRICS_DIR " + dir + " cannot be read: " + e.getMessage());
        }
    }

    private FileChannel lockChannel() throws IOException {
        Path lock = dir.resolve(".lsf_criu_" + user + ".lock");
        try {
            return FileChannel.open(
                    lock,
                    Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            requireOwn(lock); // ours, in a sticky directory: nobody else can swap it from here on
            return FileChannel.open(lock, Set.of(StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
        }
    }

    private void requireOwn(Path f) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(f, "unix:uid,isRegularFile", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return;
        }
        if (!Boolean.TRUE.equals(a.get("isRegularFile")) || (Integer) a.get("uid") != uid) {
            throw new IOException(f + " is not a regular file of uid " + uid + "'s: refusing to use it");
        }
    }
}
