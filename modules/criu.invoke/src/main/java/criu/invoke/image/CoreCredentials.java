package criu.invoke.image;

import criu.invoke.files.UserFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The credentials each task of an image will be restored with, read from criu's core images
 * ({@code core-<tid>.img}: {@code CoreEntry.thread_core.creds}), never from the manifest: the
 * images are input from the job's owner, and criu restores the ids, groups and capability sets
 * written there. A restore is allowed only when every task runs as the restoring user, with group
 * ids and supplementary groups among the restoring process's own, and with empty inheritable,
 * permitted, effective and ambient capability sets. Pure but for reading the files.
 */
public final class CoreCredentials {
    public static final int CORE_MAGIC = 0x55053847;
    static final long TASK_DEAD = 2;
    /** A task's core image holds its registers, signals and credentials: a few kilobytes. */
    static final int MAX_CORE_BYTES = 4 << 20;

    private CoreCredentials() {}

    /**
     * One task's credentials (criu's {@code creds_entry}): real, effective, saved and filesystem
     * uids and gids, supplementary groups, and the capability sets a restore gives it.
     */
    public record Creds(
            long tid,
            List<Long> uids,
            List<Long> gids,
            List<Long> groups,
            List<Long> inheritable,
            List<Long> permitted,
            List<Long> effective,
            List<Long> ambient) {
        /** A zombie: restored as a task that exits at once, with no credentials. */
        static Creds zombie(long tid) {
            return new Creds(tid, List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), List.of());
        }

        boolean holdsCapabilities() {
            return nonZero(inheritable) || nonZero(permitted) || nonZero(effective) || nonZero(ambient);
        }
    }

    /** The credentials in the bytes of {@code core-<tid>.img}. */
    public static Creds parse(long tid, byte[] image) {
        List<ByteBuffer> records = ProtoReader.records(image, CORE_MAGIC, "core");
        if (records.size() != 1) {
            throw new IllegalArgumentException("core image of " + tid + " has " + records.size() + " entries, not 1");
        }
        List<ProtoReader.Field> core = ProtoReader.fields(records.get(0), "core entry");
        if (isZombie(core)) {
            return Creds.zombie(tid);
        }
        ByteBuffer threadCore = only(core, 5, tid, "thread_core");
        List<ProtoReader.Field> creds =
                ProtoReader.fields(only(ProtoReader.fields(threadCore, "thread core"), 10, tid, "creds"), "creds");
        return new Creds(
                tid,
                ids(creds, tid, "uid", 1, 3, 5, 7), // uid, euid, suid, fsuid
                ids(creds, tid, "gid", 2, 4, 6, 8), // gid, egid, sgid, fsgid
                ProtoReader.repeated(creds, 14, "creds"),
                ProtoReader.repeated(creds, 9, "creds"),
                ProtoReader.repeated(creds, 10, "creds"),
                ProtoReader.repeated(creds, 11, "creds"),
                ProtoReader.repeated(creds, 19, "creds"));
    }

    private static List<Long> ids(List<ProtoReader.Field> creds, long tid, String what, int... fields) {
        List<Long> ids = new ArrayList<>();
        for (int field : fields) {
            List<Long> v = ProtoReader.repeated(creds, field, "creds");
            if (v.size() != 1) {
                throw new IllegalArgumentException("core image of " + tid + " has no " + what + " field " + field);
            }
            ids.add(v.get(0));
        }
        return ids;
    }

    /**
     * Why the image in {@code generation} must not be restored by user {@code uid} whose process
     * holds {@code groups} (its gid and supplementary groups), or empty when every task's
     * credentials are that user's and hold no capability.
     */
    public static Optional<String> refusal(Path generation, long uid, Set<Long> groups) {
        int cores = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(generation, "core-*.img")) {
            for (Path p : dir) {
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.of(p + " is not a regular file");
                }
                String name = p.getFileName().toString();
                long tid = Long.parseLong(name.substring(5, name.length() - 4));
                Creds c = parse(tid, UserFiles.read(p, MAX_CORE_BYTES));
                cores++;
                Optional<String> why = refusal(c, uid, groups);
                if (why.isPresent()) {
                    return why;
                }
            }
        } catch (IOException e) {
            return Optional.of("cannot read the core images of " + generation + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return Optional.of("damaged core image in " + generation + ": " + e.getMessage());
        }
        return cores == 0 ? Optional.of(generation + " holds no core image") : Optional.empty();
    }

    /** Why one task with credentials {@code c} must not be restored by {@code uid} holding {@code groups}. Pure. */
    static Optional<String> refusal(Creds c, long uid, Set<Long> groups) {
        if (c.uids().isEmpty()) {
            return Optional.empty(); // a zombie
        }
        long tid = c.tid();
        if (c.uids().stream().anyMatch(u -> u != uid)) {
            return Optional.of("task " + tid + " of the image runs as uid " + c.uids() + ", not as the restoring user "
                    + uid + ": refusing to restore");
        }
        Optional<Long> foreignGid =
                c.gids().stream().filter(g -> !groups.contains(g)).findFirst();
        if (foreignGid.isPresent()) {
            return Optional.of("task " + tid + " of the image runs as gid " + c.gids() + ", and " + foreignGid.get()
                    + " is not a group of the restoring user (" + new java.util.TreeSet<>(groups)
                    + "): refusing to restore");
        }
        Optional<Long> foreignGroup =
                c.groups().stream().filter(g -> !groups.contains(g)).findFirst();
        if (foreignGroup.isPresent()) {
            return Optional.of("task " + tid + " of the image claims supplementary group " + foreignGroup.get()
                    + ", not a group of the restoring user (" + new java.util.TreeSet<>(groups)
                    + "): refusing to restore");
        }
        if (c.holdsCapabilities()) {
            return Optional.of("task " + tid + " of the image claims capabilities (inheritable " + hex(c.inheritable())
                    + ", permitted " + hex(c.permitted()) + ", effective " + hex(c.effective()) + ", ambient "
                    + hex(c.ambient()) + "): a job never holds any, refusing to restore");
        }
        return Optional.empty();
    }

    /**
     * A zombie's core has a task core ({@code tc}, field 3) whose {@code task_state} is TASK_DEAD (2)
     * and no thread core: criu restores it as a task that exits at once, with no credentials.
     */
    private static boolean isZombie(List<ProtoReader.Field> core) {
        boolean hasThreadCore = core.stream().anyMatch(f -> f.number() == 5 && f.wire() == 2);
        if (hasThreadCore) {
            return false;
        }
        return core.stream()
                .filter(f -> f.number() == 3 && f.wire() == 2)
                .findFirst()
                .map(tc ->
                        ProtoReader.repeated(ProtoReader.fields(tc.bytes().duplicate(), "task core"), 1, "task core"))
                .map(state -> state.equals(List.of(TASK_DEAD)))
                .orElse(false);
    }

    private static ByteBuffer only(List<ProtoReader.Field> fields, int number, long tid, String what) {
        return fields.stream()
                .filter(f -> f.number() == number && f.wire() == 2)
                .map(ProtoReader.Field::bytes)
                .reduce((a, b) -> {
                    throw new IllegalArgumentException("core image of " + tid + " has two " + what);
                })
                .orElseThrow(() -> new IllegalArgumentException("core image of " + tid + " has no " + what));
    }

    private static boolean nonZero(List<Long> words) {
        return words.stream().anyMatch(w -> w != 0);
    }

    private static String hex(List<Long> words) {
        StringBuilder b = new StringBuilder("0x");
        for (int i = words.size() - 1; i >= 0; i--) {
            b.append(String.format("%08x", words.get(i)));
        }
        return words.isEmpty() ? "0" : b.toString();
    }
}
