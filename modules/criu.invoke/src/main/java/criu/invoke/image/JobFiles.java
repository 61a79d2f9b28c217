package criu.invoke.image;

import com.fasterxml.jackson.jr.ob.JSON;
import criu.invoke.proc.ProcFs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The regular files a job has open for writing at a dump, recorded in the generation
 * ({@value #RECORD}, and a copy of each file up to a size the site sets) while criu leaves the job
 * stopped, so that a later restore can put them back to what the job saw at the dump: a job that
 * kept running after a periodic checkpoint went on writing them, and criu refuses to restore a file
 * whose size changed ({@code File ... has bad size}).
 */
public final class JobFiles {
    /** The record's name in a generation. */
    public static final String RECORD = "files.json";
    /** The most the record of a job's files may be. */
    static final int MAX_RECORD_BYTES = 4 << 20;
    /** The prefix of each copy's name in a generation (top level, so that the manifest covers it). */
    public static final String COPY_PREFIX = "file-copy-";

    private static final int O_ACCMODE = 03;
    private static final int O_APPEND = 02000;

    /**
     * One file: its path, its size at the dump, whether the job appends to it, and the copy of its
     * content (the file's name in the generation) with that content's SHA-256.
     */
    public record Entry(String path, long size, boolean append, Optional<String> copy, Optional<String> sha256) {}

    private JobFiles() {}

    /**
     * Whether an open file description counts: a regular file (the caller checked) at an absolute
     * path that still exists under it, opened for writing. Pure.
     *
     * @param target the {@code /proc/<pid>/fd/<n>} link's text
     * @param flags the {@code flags:} field of its fdinfo (octal)
     */
    static boolean writable(String target, int flags) {
        return target.startsWith("/") && !target.endsWith(" (deleted)") && (flags & O_ACCMODE) != 0;
    }

    /** The octal {@code flags:} field of an fdinfo text; -1 when it has none. Pure. */
    static int flags(String fdinfo) {
        for (String line : fdinfo.split("\n")) {
            if (line.startsWith("flags:")) {
                try {
                    return Integer.parseInt(line.substring(6).strip(), 8);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }

    /**
     * Records the files that the stopped processes {@code pids} have open for writing into generation
     * directory {@code generation}: every such regular file once, with a copy when it holds at most
     * {@code copyMaxBytes} bytes.
     */
    public static List<Entry> record(ProcFs proc, List<Long> pids, Path generation, long copyMaxBytes)
            throws IOException {
        Map<String, Boolean> writable = new LinkedHashMap<>();
        for (long pid : pids) {
            for (ProcFs.Descriptor d : proc.descriptors(pid)) {
                int flags = flags(d.fdinfo());
                if (flags >= 0 && writable(d.target(), flags) && Files.isRegularFile(Path.of(d.target()))) {
                    writable.merge(d.target(), (flags & O_APPEND) != 0, (a, b) -> a && b);
                }
            }
        }
        List<Entry> entries = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, Boolean> f : writable.entrySet()) {
            Path file = Path.of(f.getKey());
            long size = Files.size(file);
            Optional<String> copy = Optional.empty();
            Optional<String> sha = Optional.empty();
            if (size <= copyMaxBytes) {
                String name = COPY_PREFIX + n;
                try {
                    sha = Optional.of(copy(file, size, generation.resolve(name)));
                    copy = Optional.of(name);
                    n++;
                } catch (java.nio.file.AccessDeniedException e) {
                    // a file the job may write but not read: recorded by size alone
                }
            }
            entries.add(new Entry(f.getKey(), size, f.getValue(), copy, sha));
        }
        Files.writeString(generation.resolve(RECORD), json(entries));
        return entries;
    }

    /** Copies the first {@code size} bytes of {@code from} to a new file {@code to}; returns their SHA-256. */
    static String copy(Path from, long size, Path to) throws IOException {
        try (InputStream in = Files.newInputStream(from);
                OutputStream out = Files.newOutputStream(
                        to, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
            return digest(in, size, out).orElseThrow(() -> new IOException(from + " shrank while it was copied"));
        }
    }

    /** The SHA-256 of the first {@code size} bytes of {@code file}, or empty when it is shorter. */
    static Optional<String> prefixSha256(Path file, long size) throws IOException {
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            return digest(in, size, OutputStream.nullOutputStream());
        }
    }

    /** Reads {@code size} bytes of {@code in} into {@code out}; their SHA-256, or empty when {@code in} ends first. */
    private static Optional<String> digest(InputStream in, long size, OutputStream out) throws IOException {
        MessageDigest sha = sha256();
        byte[] buffer = new byte[1 << 16];
        long left = size;
        while (left > 0) {
            int r = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (r < 0) {
                return Optional.empty();
            }
            sha.update(buffer, 0, r);
            out.write(buffer, 0, r);
            left -= r;
        }
        return Optional.of(HexFormat.of().formatHex(sha.digest()));
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The record as JSON. */
    public static String json(List<Entry> entries) {
        List<Map<String, Object>> files = new ArrayList<>();
        for (Entry e : entries) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", e.path());
            m.put("size", e.size());
            m.put("append", e.append());
            e.copy().ifPresent(c -> m.put("copy", c));
            e.sha256().ifPresent(s -> m.put("sha256", s));
            files.add(m);
        }
        try {
            return JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(Map.of("files", files)) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + RECORD, e);
        }
    }

    /** Parses a record; throws {@link IllegalArgumentException} naming what is wrong (the user can edit it). */
    public static List<Entry> parse(String text) {
        List<Entry> entries = new ArrayList<>();
        try {
            Object files = JSON.std.mapFrom(text).get("files");
            if (!(files instanceof List<?> list)) {
                throw new IllegalArgumentException("no \"files\" list");
            }
            for (Object o : list) {
                if (!(o instanceof Map<?, ?> m)
                        || !(m.get("path") instanceof String path)
                        || !path.startsWith("/")
                        || !(m.get("size") instanceof Number size)
                        || size.longValue() < 0) {
                    throw new IllegalArgumentException("an entry without an absolute path and a size: " + o);
                }
                Optional<String> copy = Optional.ofNullable(m.get("copy")).map(Object::toString);
                if (copy.isPresent() && !copy.get().matches(COPY_PREFIX + "[0-9]{1,6}")) {
                    throw new IllegalArgumentException(
                            "copy name " + copy.get() + " is not one of a generation's copies");
                }
                entries.add(new Entry(
                        path,
                        size.longValue(),
                        Boolean.TRUE.equals(m.get("append")),
                        copy,
                        Optional.ofNullable(m.get("sha256")).map(Object::toString)));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        return entries;
    }
}
