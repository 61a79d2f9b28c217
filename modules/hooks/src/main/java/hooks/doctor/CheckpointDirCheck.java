package hooks.doctor;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A checkpoint directory (a {@code bsub -k} directory): owner, mode, free space, filesystem. */
public final class CheckpointDirCheck {
    static final long LOW_SPACE = 10L << 30;
    static final Set<String> LOCAL_ONLY = Set.of("tmpfs", "ramfs", "overlay");

    private CheckpointDirCheck() {}

    static List<Check> run(Path dir) {
        List<Check> checks = new ArrayList<>();
        PosixFileAttributes a;
        try {
            a = Files.readAttributes(dir, PosixFileAttributes.class);
        } catch (IOException e) {
            checks.add(Check.fail(
                    "checkpoint dir",
                    dir + " cannot be read: " + e.getMessage(),
                    "create it on a filesystem every execution host mounts"));
            return checks;
        }
        if (!a.isDirectory()) {
            checks.add(Check.fail("checkpoint dir", dir + " is not a directory", "name a directory"));
            return checks;
        }
        Set<PosixFilePermission> p = a.permissions();
        String mode = java.nio.file.attribute.PosixFilePermissions.toString(p);
        boolean sticky = stickyBitSet(dir);
        if (sticky) { // shown as ls shows it: rwxrwxrwt, not rwxrwxrwx
            mode = mode.substring(0, 8) + (p.contains(PosixFilePermission.OTHERS_EXECUTE) ? 't' : 'T');
        }
        boolean othersWrite = p.contains(PosixFilePermission.OTHERS_WRITE);
        checks.add(
                othersWrite && !sticky
                        ? Check.warn(
                                "checkpoint dir owner",
                                dir + " owner " + a.owner().getName() + ", mode " + mode + " without the sticky bit",
                                "chmod +t " + dir + ": users could remove each other's checkpoints")
                        : Check.pass(
                                "checkpoint dir owner",
                                dir + " owner " + a.owner().getName() + ", mode " + mode));
        try {
            FileStore store = Files.getFileStore(dir);
            long free = store.getUsableSpace();
            checks.add(
                    free < LOW_SPACE
                            ? Check.warn(
                                    "checkpoint dir space",
                                    (free >> 20) + " MiB free",
                                    "a checkpoint takes about the job's resident memory: keep several times the largest job free")
                            : Check.pass("checkpoint dir space", (free >> 30) + " GiB free"));
            checks.add(
                    LOCAL_ONLY.contains(store.type())
                            ? Check.warn(
                                    "checkpoint dir filesystem",
                                    store.type(),
                                    "a restarted job may run on another host," + " and " + store.type()
                                            + " is local to this one (and lost at reboot): use a shared filesystem")
                            : Check.pass("checkpoint dir filesystem", store.type()));
        } catch (IOException e) {
            checks.add(Check.warn("checkpoint dir space", "unknown: " + e.getMessage(), "check df " + dir));
        }
        return checks;
    }

    private static boolean stickyBitSet(Path dir) {
        try {
            Object mode = Files.getAttribute(dir, "unix:mode");
            return mode instanceof Integer m && (m & 01000) != 0;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
