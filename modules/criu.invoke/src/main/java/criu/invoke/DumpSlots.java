package criu.invoke;

import criu.invoke.process.Ticker;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Storm control: at most N dumps at once, as N slot files in a directory ({@code slot-1} ...), each
 * held by an fcntl lock for the length of one dump. The kernel drops a lock when its holder dies,
 * however it dies, so a killed {@code echkpnt.criu} never keeps a slot. Pools are taken in order
 * (this host's, then the cluster's), so two waiters never hold each other's. A slot is tried without
 * blocking and tried again every {@link #POLL_MILLIS} until the caller's deadline.
 */
public final class DumpSlots {
    /** How often a waiter tries the slots again. */
    public static final long POLL_MILLIS = 100;

    /**
     * One limit: {@code count} slot files in {@code dir}.
     *
     * @param label what the limit is, for people ("host", "cluster")
     */
    public record Pool(String label, Path dir, int count) {}

    /** Slots held, one per pool; closing releases them. */
    public static final class Lease implements AutoCloseable {
        private final List<FileChannel> held;
        private final String description;
        private final long waitedMillis;

        Lease(List<FileChannel> held, String description, long waitedMillis) {
            this.held = held;
            this.description = description;
            this.waitedMillis = waitedMillis;
        }

        /** Which slots, e.g. "host slot 2 of 2, cluster slot 7 of 10". */
        public String description() {
            return description;
        }

        /** How long the wait for them took. */
        public long waitedMillis() {
            return waitedMillis;
        }

        @Override
        public void close() {
            for (FileChannel c : held) {
                try {
                    c.close(); // closing the descriptor drops its lock
                } catch (IOException ignored) {
                    // the lock goes with the process at the latest
                }
            }
        }
    }

    /** The slots, or why there are none: every slot stayed busy until the deadline, or a directory is unusable. */
    public record Outcome(Optional<Lease> lease, String why) {}

    private final Ticker ticker;
    private final long uid;

    /** @param uid this process's user (a slot file it creates it makes writable for every job user) */
    public DumpSlots(Ticker ticker, long uid) {
        this.ticker = ticker;
        this.uid = uid;
    }

    /** Takes one slot of every pool, waiting until {@code deadlineMillis} (of the ticker's clock) at most. */
    public Outcome acquire(List<Pool> pools, long deadlineMillis) {
        long start = ticker.millis();
        List<FileChannel> held = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Pool pool : pools) {
            Optional<String> unusable = prepare(pool.dir());
            if (unusable.isPresent()) {
                new Lease(held, "", 0).close();
                return new Outcome(Optional.empty(), pool.label() + " dump slots unusable: " + unusable.get());
            }
            while (true) {
                Optional<Held> slot = tryAny(pool);
                if (slot.isPresent()) {
                    held.add(slot.get().channel());
                    names.add(pool.label() + " slot " + slot.get().number() + " of " + pool.count());
                    break;
                }
                long now = ticker.millis();
                if (now >= deadlineMillis) {
                    new Lease(held, "", 0).close();
                    return new Outcome(
                            Optional.empty(),
                            "all " + pool.count() + " " + pool.label() + " dump slots in " + pool.dir()
                                    + " stayed busy for " + (now - start) + " ms, until the checkpoint's deadline");
                }
                ticker.sleep(Math.min(POLL_MILLIS, deadlineMillis - now));
            }
        }
        return new Outcome(Optional.of(new Lease(held, String.join(", ", names), ticker.millis() - start)), "");
    }

    private record Held(int number, FileChannel channel) {}

    private Optional<Held> tryAny(Pool pool) {
        for (int i = 1; i <= pool.count(); i++) {
            Path file = pool.dir().resolve("slot-" + i);
            FileChannel ch = null;
            try {
                ch = FileChannel.open(
                        file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS));
                shareIfOwn(file);
                FileLock lock = ch.tryLock();
                if (lock != null) {
                    return Optional.of(new Held(i, ch));
                }
            } catch (IOException | RuntimeException e) {
                // a slot file that cannot be opened or locked (another user's 0600 file, a link) is a busy slot
            }
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing was held
                }
            }
        }
        return Optional.empty();
    }

    /** A slot file this user created is made writable for every job user (a lock needs a writable descriptor). */
    private void shareIfOwn(Path file) throws IOException {
        PosixFileAttributes a = Files.readAttributes(file, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Set<PosixFilePermission> all = PosixFilePermissions.fromString("rw-rw-rw-");
        if (!a.permissions().equals(all)
                && ((Integer) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS)) == uid) {
            Files.setPosixFilePermissions(file, all);
        }
    }

    /**
     * Creates a missing slot directory (mode 1777, so that every job user can add slot files and none
     * can remove another's), or says why an existing one is not to be used: a link, no directory, or
     * writable by others without the sticky bit. Whoever owns it can at worst make every slot busy, as
     * any job user can by holding locks: a denial of checkpoints, never access to anything else (slot
     * files are opened without following links and never read or truncated). {@code lsf-criu doctor}
     * warns unless root owns it.
     */
    private Optional<String> prepare(Path dir) {
        try {
            if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
                try {
                    Files.createDirectory(dir);
                    Files.setAttribute(dir, "unix:mode", 01777);
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // another job created it meanwhile: examined below
                }
            }
            PosixFileAttributes a = Files.readAttributes(dir, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            int mode = (Integer) Files.getAttribute(dir, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink() || !a.isDirectory()) {
                return Optional.of(dir + " is not a directory (or is a link)");
            }
            if ((mode & 0002) != 0 && (mode & 01000) == 0) {
                return Optional.of(dir + " is writable by every user without the sticky bit (mode "
                        + Integer.toOctalString(mode & 07777) + ")");
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("cannot use " + dir + ": " + e);
        }
    }
}
