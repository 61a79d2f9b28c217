package criu.invoke;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The credentials each task of an image will be restored with, read from criu's core images
 * ({@code core-<tid>.img}: {@code CoreEntry.thread_core.creds}), never from the manifest: the
 * images are input from the job's owner, and criu restores the capability sets written there. A
 * restore is allowed only when every task runs as the restoring user, with empty permitted,
 * effective and ambient capability sets. Pure but for reading the files.
 */
public final class CoreCredentials {
    static final int CORE_MAGIC = 0x55053847;
    static final long TASK_DEAD = 2;

    private CoreCredentials() {}

    /** One task's credentials: real, effective, saved and filesystem uids, and its capability sets. */
    public record Creds(long tid, List<Long> uids, List<Long> permitted, List<Long> effective, List<Long> ambient) {
        boolean holdsCapabilities() {
            return nonZero(permitted) || nonZero(effective) || nonZero(ambient);
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
            return new Creds(tid, List.of(), List.of(), List.of(), List.of()); // restored as a zombie: no credentials
        }
        ByteBuffer threadCore = only(core, 5, tid, "thread_core");
        List<ProtoReader.Field> creds =
                ProtoReader.fields(only(ProtoReader.fields(threadCore, "thread core"), 10, tid, "creds"), "creds");
        List<Long> uids = new ArrayList<>();
        for (int field : new int[] {1, 3, 5, 7}) { // uid, euid, suid, fsuid
            List<Long> v = ProtoReader.repeated(creds, field, "creds");
            if (v.size() != 1) {
                throw new IllegalArgumentException("core image of " + tid + " has no uid field " + field);
            }
            uids.add(v.get(0));
        }
        return new Creds(
                tid,
                uids,
                ProtoReader.repeated(creds, 10, "creds"),
                ProtoReader.repeated(creds, 11, "creds"),
                ProtoReader.repeated(creds, 19, "creds"));
    }

    /**
     * Why the image in {@code generation} must not be restored by {@code uid}, or empty when every
     * task's credentials are that user's and hold no capability.
     */
    public static Optional<String> refusal(Path generation, long uid) {
        int cores = 0;
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(generation, "core-*.img")) {
            for (Path p : dir) {
                if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    return Optional.of(p + " is not a regular file");
                }
                String name = p.getFileName().toString();
                long tid = Long.parseLong(name.substring(5, name.length() - 4));
                Creds c = parse(tid, Files.readAllBytes(p));
                cores++;
                if (c.uids().isEmpty()) {
                    continue; // a zombie
                }
                if (c.uids().stream().anyMatch(u -> u != uid)) {
                    return Optional.of("task " + tid + " of the image runs as uid " + c.uids()
                            + ", not as the restoring" + " user " + uid + ": refusing to restore");
                }
                if (c.holdsCapabilities()) {
                    return Optional.of(
                            "task " + tid + " of the image claims capabilities (permitted " + hex(c.permitted())
                                    + ", effective " + hex(c.effective()) + ", ambient " + hex(c.ambient())
                                    + "): a job never holds any, refusing to restore");
                }
            }
        } catch (IOException e) {
            return Optional.of("cannot read the core images of " + generation + ": " + e.getMessage());
        } catch (IllegalArgumentException e) {
            return Optional.of("damaged core image in " + generation + ": " + e.getMessage());
        }
        return cores == 0 ? Optional.of(generation + " holds no core image") : Optional.empty();
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
