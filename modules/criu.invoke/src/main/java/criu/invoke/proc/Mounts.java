package criu.invoke.proc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * This host's mounts as {@code /proc/self/mountinfo} lists them, to tell a file on a filesystem every
 * host shares (NFS, Lustre, GPFS, ...) from one local to this host ({@code /tmp} on a disk or tmpfs): a
 * job with a file open on a local one can be restored only here. Pure.
 */
public final class Mounts {
    /** Filesystem types that several hosts mount: a file there is found again on another host. */
    static final Set<String> SHARED = Set.of(
            "nfs",
            "nfs4",
            "lustre",
            "gpfs",
            "cifs",
            "smb3",
            "smbfs",
            "ceph",
            "glusterfs",
            "fuse.glusterfs",
            "beegfs",
            "fuse.beegfs",
            "panfs",
            "afs",
            "ocfs2",
            "gfs2",
            "9p",
            "fuse.sshfs",
            "wekafs",
            "fuse.cephfs",
            "orangefs",
            "pvfs2",
            "cvfs",
            "quobyte",
            "fuse.quobyte");

    /** One mount: where it is and its filesystem type. */
    record Mount(String point, String type) {}

    private final List<Mount> mounts;

    private Mounts(List<Mount> mounts) {
        this.mounts = mounts;
    }

    /** Parses the text of {@code /proc/self/mountinfo}; malformed lines are left out. */
    public static Mounts parse(String mountinfo) {
        List<Mount> out = new ArrayList<>();
        for (String line : mountinfo.lines().toList()) {
            String[] f = line.split(" ");
            int dash = java.util.Arrays.asList(f).indexOf("-");
            if (f.length < 5 || dash < 0 || dash + 1 >= f.length) {
                continue;
            }
            out.add(new Mount(unescape(f[4]), f[dash + 1]));
        }
        out.sort(Comparator.comparingInt((Mount m) -> m.point().length()).reversed());
        return new Mounts(out);
    }

    /** mountinfo escapes space, tab, newline and backslash as octal ({@code \040}). */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\'
                    && i + 3 < s.length()
                    && s.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(s.charAt(i));
            }
        }
        return b.toString();
    }

    /** The type of the filesystem holding absolute path {@code path} (the longest mount point above it). */
    public Optional<String> typeOf(String path) {
        for (Mount m : mounts) {
            if (path.equals(m.point()) || m.point().equals("/") || path.startsWith(m.point() + "/")) {
                return Optional.of(m.type());
            }
        }
        return Optional.empty();
    }

    /** True when {@code path} is on a filesystem only this host has (or whose type is not known to be shared). */
    public boolean isHostLocal(String path) {
        return typeOf(path).map(t -> !SHARED.contains(t)).orElse(false);
    }

    /**
     * The paths among a job's open files and working directories ({@code targets} as /proc names them)
     * that are regular paths on a host-local filesystem: not devices, sockets, pipes, anonymous inodes,
     * deleted files or /proc and /sys.
     */
    public List<String> hostLocal(List<String> targets) {
        return targets.stream()
                .filter(t -> t.startsWith("/"))
                .filter(t -> !t.startsWith("/dev/") && !t.startsWith("/proc/") && !t.startsWith("/sys/"))
                .filter(t -> !t.endsWith(" (deleted)"))
                .filter(this::isHostLocal)
                .distinct()
                .toList();
    }
}
