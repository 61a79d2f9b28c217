package criu.invoke.proc;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What {@code /proc} shows, read once, of the processes one checkpoint would dump: who runs them, in
 * which namespaces, what they have open, and the socket and pipe facts needed to tell whether anything
 * they hold leads outside them. the checkpointability decision of the toolkit decides on it.
 *
 * @param ownerUid the job's user: the real uid of the tree's root
 * @param hostMountNs the mount namespace of the program reading the facts (LSF's, the host's), if readable
 * @param hostPidNs its PID namespace, if readable
 * @param tasks the tree's processes, root first
 * @param tcp every TCP socket of the tree's network namespace
 * @param unixPeers every unix socket's peer inode (0 for none); empty when they could not be read
 * @param pipesOutside pipe inodes the tree holds one end of, mapped to a process outside the tree that holds
 *     it too (as far as this reader may look: its own user's processes, or every process as root)
 */
public record JobFacts(
        long ownerUid,
        Optional<String> hostMountNs,
        Optional<String> hostPidNs,
        List<Task> tasks,
        List<SocketTables.TcpSocket> tcp,
        Optional<Map<Long, Long>> unixPeers,
        Map<Long, Long> pipesOutside) {
    public JobFacts {
        tasks = List.copyOf(tasks);
        tcp = List.copyOf(tcp);
        pipesOutside = Map.copyOf(pipesOutside);
    }

    /**
     * One process of the tree.
     *
     * @param uids its real, effective, saved and filesystem uids (empty when unreadable)
     * @param mountNs its mount namespace, if readable
     * @param pidNs its PID namespace, if readable
     * @param ttyNr its controlling terminal's device number ({@code tty_nr} of its stat), 0 for none
     * @param files its open descriptors
     */
    public record Task(
            long pid,
            String comm,
            List<Long> uids,
            Optional<String> mountNs,
            Optional<String> pidNs,
            long ttyNr,
            List<OpenFile> files) {
        public Task {
            uids = List.copyOf(uids);
            files = List.copyOf(files);
        }
    }

    /**
     * One open descriptor.
     *
     * @param target what its {@code /proc/<pid>/fd/<n>} link names ({@code /dev/nvidia0}, {@code socket:[123]},
     *     {@code pipe:[456]})
     * @param accessMode {@code O_ACCMODE} of its flags: 0 read, 1 write, 2 both
     * @param ttyIndex for a {@code /dev/ptmx} descriptor, the index of the terminal it is the master of
     */
    public record OpenFile(String target, int accessMode, OptionalInt ttyIndex) {
        /** The inode of a {@code kind:[inode]} target ({@code socket}, {@code pipe}), or empty. */
        public java.util.OptionalLong inode(String kind) {
            String prefix = kind + ":[";
            if (!target.startsWith(prefix) || !target.endsWith("]")) {
                return java.util.OptionalLong.empty();
            }
            try {
                return java.util.OptionalLong.of(
                        Long.parseLong(target.substring(prefix.length(), target.length() - 1)));
            } catch (NumberFormatException e) {
                return java.util.OptionalLong.empty();
            }
        }
    }
}
