package criu.invoke.image;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * A checkpoint root (the {@code bsub -k} directory every job's checkpoint directory is in), read
 * without following a link and without leaving it: each real directory directly below it is one
 * job's, with its owner and the images it holds under {@code criu/}. Links (LSF's
 * {@code <old id> -> <new id>}), files and anything unreadable are skipped; image files are
 * stat'ed, never opened.
 */
public final class CheckpointRoot {
    private final Path root;
    private final List<String> records;

    /**
     * @param root the checkpoint root
     * @param records the names of the files in a job directory whose changes say the job is active
     *     (its state and events: the caller's names, this module knows no other module's files)
     */
    public CheckpointRoot(Path root, List<String> records) {
        this.root = root;
        this.records = List.copyOf(records);
    }

    /**
     * One job's checkpoint directory as found.
     *
     * @param uid its owner
     * @param imageBytes the size of every file under its {@code criu/} generations (partial ones included)
     * @param generations its complete generations
     * @param newestImageMillis when its newest generation directory changed (epoch ms), 0 when it has none
     * @param lastChangeMillis the newest change of the directory itself, its state, events and {@code criu/}
     */
    public record JobDirectory(
            Path dir, int uid, long imageBytes, int generations, long newestImageMillis, long lastChangeMillis) {
        /** The directory's name: the job id LSF named it for, when it is one. */
        public String name() {
            return dir.getFileName().toString();
        }
    }

    public Path root() {
        return root;
    }

    /** Every job directory of owners {@code owners} accepts (their images measured), in name order. */
    public List<JobDirectory> scan(IntPredicate owners) throws IOException {
        List<JobDirectory> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path dir : entries) {
                Optional<Map<String, Object>> a = attributes(dir);
                if (a.isEmpty() || !owners.test((Integer) a.get().get("uid"))) {
                    continue;
                }
                out.add(measure(dir, (Integer) a.get().get("uid"), records));
            }
        }
        out.sort(java.util.Comparator.comparing(JobDirectory::name));
        return out;
    }

    /** The bytes of images that user {@code uid} holds below this root. */
    public long bytesHeldBy(int uid) throws IOException {
        return scan(u -> u == uid).stream().mapToLong(JobDirectory::imageBytes).sum();
    }

    /** A real directory's owner, or empty for a link, a file or what cannot be read. */
    private static Optional<Map<String, Object>> attributes(Path p) {
        try {
            Map<String, Object> a =
                    Files.readAttributes(p, "unix:uid,isDirectory,isSymbolicLink", LinkOption.NOFOLLOW_LINKS);
            return Boolean.TRUE.equals(a.get("isDirectory")) && !Boolean.TRUE.equals(a.get("isSymbolicLink"))
                    ? Optional.of(a)
                    : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static JobDirectory measure(Path dir, int uid, List<String> records) {
        long changed = modified(dir);
        for (String name : records) {
            changed = Math.max(changed, modified(dir.resolve(name)));
        }
        Path base = dir.resolve(Generations.DIR);
        long bytes = 0;
        int generations = 0;
        long newest = 0;
        if (attributes(base).isPresent()) {
            changed = Math.max(changed, modified(base));
            try (DirectoryStream<Path> gens = Files.newDirectoryStream(base)) {
                for (Path g : gens) {
                    String n = g.getFileName().toString();
                    if (!n.startsWith("gen-") || attributes(g).isEmpty()) {
                        continue;
                    }
                    bytes += filesBytes(g);
                    if (!n.endsWith(".partial")) {
                        generations++;
                        newest = Math.max(newest, modified(g));
                    }
                }
            } catch (IOException e) {
                // a directory its owner made unreadable holds what could be counted
            }
        }
        return new JobDirectory(dir, uid, bytes, generations, newest, changed);
    }

    /** The sizes of the regular files directly in {@code gen} and in its subdirectories (copied files). */
    static long filesBytes(Path gen) {
        long bytes = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(gen)) {
            for (Path f : files) {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                if (a.isRegularFile()) {
                    bytes += a.size();
                } else if (a.isDirectory()) {
                    bytes += filesBytes(f);
                }
            }
        } catch (IOException e) {
            // a file removed while counted counts nothing
        }
        return bytes;
    }

    private static long modified(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                    .lastModifiedTime()
                    .toMillis();
        } catch (IOException e) {
            return 0;
        }
    }
}
