package checkpoint.store;

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
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * The state file of one job, {@code <checkpoint dir>/.checkpoint-state.json}. Written crash-safely
 * (temporary file in the same directory, fsync, rename, fsync of the directory), mode 0600;
 * read-modify-write under an exclusive lock on {@code .checkpoint-state.lock}, because the
 * TERMINATE action, echkpnt and POST_EXEC may run at once for one job. A symlink planted where the
 * state file or the lock should be is refused, never followed.
 */
public final class StateFile {
    /** The state file's name in the checkpoint directory (the same as the V1 tool's). */
    public static final String NAME = lsf.env.CheckpointDir.STATE;
    /** The lock file's name in the checkpoint directory. */
    public static final String LOCK = lsf.env.CheckpointDir.STATE_LOCK;

    private static final int MAX_BYTES = 4 << 20;
    private static final ConcurrentHashMap<Path, ReentrantLock> IN_PROCESS = new ConcurrentHashMap<>();

    private final Path dir;
    private final Path file;
    private final Path lock;

    public StateFile(Path checkpointDir) {
        this.dir = checkpointDir;
        this.file = checkpointDir.resolve(NAME);
        this.lock = checkpointDir.resolve(LOCK);
    }

    public Path path() {
        return file;
    }

    /** Reads the state; empty when there is no state file. Needs no lock: writes are atomic renames. */
    public Optional<CheckpointState> read() {
        refuseSymlink(file);
        byte[] bytes;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            if (ch.size() > MAX_BYTES) {
                throw new StateFileException(file + " is " + ch.size() + " bytes, more than a state file can be");
            }
            ByteBuffer buf = ByteBuffer.allocate((int) ch.size());
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // read it all
            }
            bytes = buf.array();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new StateFileException("cannot read " + file + ": " + e, e);
        }
        return Optional.of(StateCodec.read(file.toString(), new String(bytes, StandardCharsets.UTF_8)));
    }

    /**
     * Reads the state, applies {@code change} and writes its result, all under the exclusive lock.
     * When {@code change} returns the state it was given (the same object), nothing is written.
     *
     * @return the state now on disk
     */
    public CheckpointState update(Function<Optional<CheckpointState>, CheckpointState> change) {
        return updateIfChanged(before -> Optional.of(change.apply(before))).orElseThrow();
    }

    /**
     * What a change made under the lock leaves: the state to write ({@code next} empty, or the very
     * state it was given: nothing is written) and a result for the caller, such as the decision the
     * change was computed with. The change is a function of the state read under the lock, so the
     * result is returned by value, never passed out through a side channel.
     */
    public record Change<T>(Optional<CheckpointState> next, T result) {}

    /**
     * Like {@link #update}, but {@code change} may decide to write nothing: it returns empty, or the
     * very state it was given.
     *
     * @return the state now on disk, empty when there is none
     */
    public Optional<CheckpointState> updateIfChanged(
            Function<Optional<CheckpointState>, Optional<CheckpointState>> change) {
        return transact(before -> {
            Optional<CheckpointState> after = change.apply(before);
            return new Change<>(after, after.isPresent() ? after : before);
        });
    }

    /**
     * Reads the state under the exclusive lock, computes {@code change} of it, writes the change's next
     * state when it differs from what was read, and returns the change's result.
     */
    public <T> T transact(Function<Optional<CheckpointState>, Change<T>> change) {
        ReentrantLock local = IN_PROCESS.computeIfAbsent(lock.toAbsolutePath().normalize(), k -> new ReentrantLock());
        local.lock();
        try (FileChannel ch = openLock()) {
            ch.lock(); // released when the channel closes
            removeLeftovers();
            Optional<CheckpointState> before = read();
            Change<T> c = change.apply(before);
            if (c.next().isPresent()
                    && (before.isEmpty() || before.get() != c.next().get())) {
                write(c.next().get());
            }
            return c.result();
        } catch (IOException e) {
            throw new StateFileException("cannot update " + file + " under lock " + lock + ": " + e, e);
        } finally {
            local.unlock();
        }
    }

    /** Temporary files of a writer that died mid-write (writers hold the lock, so none is live). */
    private void removeLeftovers() throws IOException {
        try (java.nio.file.DirectoryStream<Path> leftovers = Files.newDirectoryStream(dir, NAME + ".*.tmp")) {
            for (Path p : leftovers) {
                Files.deleteIfExists(p);
            }
        }
    }

    private FileChannel openLock() throws IOException {
        refuseSymlink(lock);
        try {
            return FileChannel.open(
                    lock,
                    java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (IOException e) {
            refuseSymlink(lock); // a symlink planted between the check and the open gives ELOOP
            throw e;
        }
    }

    private void write(CheckpointState state) throws IOException {
        refuseSymlink(file);
        try {
            AtomicFile.write(file, StateCodec.write(state).getBytes(StandardCharsets.UTF_8), "rw-------");
        } catch (FileAlreadyExistsException e) {
            throw new StateFileException("temporary state file " + e.getFile() + " already exists", e);
        }
    }

    private static void refuseSymlink(Path p) {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (a.isSymbolicLink()) {
                throw new StateFileException("refusing " + p + ": it is a symbolic link (to "
                        + Files.readSymbolicLink(p) + "), not a file lsf-criu wrote");
            }
            if (!a.isRegularFile()) {
                throw new StateFileException("refusing " + p + ": it is not a regular file");
            }
        } catch (NoSuchFileException e) {
            // nothing there yet: fine
        } catch (IOException e) {
            throw new StateFileException("cannot inspect " + p + ": " + e, e);
        }
    }
}
