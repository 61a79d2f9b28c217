package criu.invoke.image;

import criu.invoke.files.UserFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The checkpoint generations of one job, under {@code <checkpoint dir>/criu/}: {@code gen-000001},
 * {@code gen-000002}, ..., a dump in progress as {@code gen-NNNNNN.partial}, and {@code current},
 * a relative symlink to the newest complete generation, replaced atomically. Relative names keep
 * everything valid when LSF renames the checkpoint directory on restart.
 */
public final class Generations {
    /** The directory under the checkpoint directory. */
    public static final String DIR = "criu";
    /** The pointer to the current generation. */
    public static final String CURRENT = "current";

    private static final Pattern NAME = Pattern.compile("gen-(\\d{6})");
    private static final Pattern PARTIAL = Pattern.compile("gen-(\\d{6})\\.partial");

    private final Path base;

    public Generations(Path checkpointDir) {
        this.base = checkpointDir.resolve(DIR);
    }

    public Path base() {
        return base;
    }

    /** The current complete generation, if any. */
    public Optional<Path> current() {
        Path link = base.resolve(CURRENT);
        try {
            Path target = Files.readSymbolicLink(link);
            if (target.isAbsolute()
                    || target.getNameCount() != 1
                    || !NAME.matcher(target.toString()).matches()) {
                throw new IllegalStateException(link + " points to " + target + ", not to a generation of this job");
            }
            Path gen = base.resolve(target);
            return Files.isDirectory(gen, LinkOption.NOFOLLOW_LINKS) ? Optional.of(gen) : Optional.empty();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + link, e);
        }
    }

    /** The number of a generation directory, complete ({@code gen-000003}) or partial ({@code gen-000003.partial}). */
    public static int number(Path generation) {
        String name = generation.getFileName().toString();
        Matcher m = NAME.matcher(name);
        if (!m.matches()) {
            m = PARTIAL.matcher(name);
        }
        if (!m.matches()) {
            throw new IllegalArgumentException(generation + " is not a generation directory");
        }
        return Integer.parseInt(m.group(1));
    }

    /** Starts a new generation: removes stale partial ones, creates {@code gen-(n+1).partial}, mode 0700. */
    public Path begin() throws IOException {
        Files.createDirectories(
                base, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        int next = 1;
        for (Path p : list()) {
            Matcher partial = PARTIAL.matcher(p.getFileName().toString());
            if (partial.matches()) {
                UserFiles.deleteTree(p);
                next = Math.max(next, Integer.parseInt(partial.group(1)) + 1);
            } else if (NAME.matcher(p.getFileName().toString()).matches()) {
                next = Math.max(next, number(p) + 1);
            }
        }
        Path dir = base.resolve(String.format("gen-%06d.partial", next));
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        return dir;
    }

    /**
     * Makes a partial generation complete and current: writes its manifest into the partial directory
     * and fsyncs it (no reader looks inside a partial generation, so the directory's rename, not a
     * rename of the manifest, is the commit point), renames the directory, then replaces
     * {@code current} atomically.
     *
     * @return the complete generation's directory
     */
    public Path commit(Path partial, Manifest manifest) throws IOException {
        try (FileChannel ch = FileChannel.open(
                partial.resolve(Manifest.NAME), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(manifest.toJson().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        fsync(partial);
        String name = partial.getFileName().toString().replace(".partial", "");
        Path complete = base.resolve(name);
        Files.move(partial, complete, StandardCopyOption.ATOMIC_MOVE);
        Path link = base.resolve(CURRENT + ".new");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, Path.of(name));
        Files.move(link, base.resolve(CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsync(base);
        return complete;
    }

    /**
     * Newest generation first. A lambda of this class, not {@code Comparator.comparingInt(..).reversed()}:
     * the start-up archive holds this class's lambdas, and one spun inside {@code Comparator} at run
     * time cost echkpnt.criu, erestart.criu and the status command about 3 ms each.
     */
    private static final Comparator<Path> NEWEST_FIRST = (a, b) -> Integer.compare(number(b), number(a));

    /** Removes a partial generation after a failed or interrupted dump. */
    public void abandon(Path partial) throws IOException {
        UserFiles.deleteTree(partial);
    }

    /** Deletes complete generations beyond the newest {@code keep}, never the current one; returns them. */
    public List<Path> prune(int keep) throws IOException {
        Optional<Path> current = current();
        List<Path> complete = list().stream()
                .filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                .sorted(NEWEST_FIRST)
                .toList();
        List<Path> removed = new ArrayList<>();
        for (int i = Math.max(1, keep); i < complete.size(); i++) {
            Path p = complete.get(i);
            if (current.map(c -> !c.equals(p)).orElse(true)) {
                UserFiles.deleteTree(p);
                removed.add(p);
            }
        }
        return removed;
    }

    /**
     * The bytes of the complete generations that the next commit's pruning deletes when {@code keep}
     * are kept (the new one among them): all but the newest {@code keep - 1}.
     */
    public long bytesPrunedByNextCommit(int keep) {
        List<Path> complete = complete();
        long bytes = 0;
        for (int i = Math.max(0, keep - 1); i < complete.size(); i++) {
            bytes += CheckpointRoot.filesBytes(complete.get(i));
        }
        return bytes;
    }

    /**
     * Deletes every generation, complete and partial, and the {@code current} pointer (never through a
     * link); the log of the last failed dump stays. Returns the bytes freed.
     */
    public long deleteAll() throws IOException {
        long freed = 0;
        for (Path p : list()) {
            String name = p.getFileName().toString();
            if (NAME.matcher(name).matches() || PARTIAL.matcher(name).matches()) {
                freed += CheckpointRoot.filesBytes(p);
                UserFiles.deleteTree(p);
            } else if (name.equals(CURRENT) || name.equals(CURRENT + ".new")) {
                Files.deleteIfExists(p);
            }
        }
        return freed;
    }

    /** The complete generations, newest first (a restore falls back along this list). */
    public List<Path> complete() {
        try {
            return list().stream()
                    .filter(p -> NAME.matcher(p.getFileName().toString()).matches())
                    .filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                    .sorted(NEWEST_FIRST)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + base, e);
        }
    }

    private List<Path> list() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(base)) {
            return out;
        }
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(base)) {
            dir.forEach(out::add);
        }
        return out;
    }

    private static void fsync(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
