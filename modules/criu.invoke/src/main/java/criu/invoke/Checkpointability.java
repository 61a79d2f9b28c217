package criu.invoke;

import criu.invoke.proc.JobFacts;
import criu.invoke.proc.JobFacts.OpenFile;
import criu.invoke.proc.JobFacts.Task;
import criu.invoke.proc.SocketTables.TcpSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whether a job's processes can be checkpointed and restored, decided before any dump from the
 * {@link JobFacts} read once: a job is refused, with the first reason found, when it runs in another
 * mount or PID namespace than the host's (a container), has a process of another user, has a GPU or
 * accelerator open, has a terminal it does not own, holds an established TCP connection to another host,
 * or is connected through a unix socket, a pipe or loopback TCP to a process outside the job. Pure.
 */
public final class Checkpointability {
    private Checkpointability() {}

    /** What refuses a job. */
    public enum Blocker {
        NAMESPACE,
        OTHER_USER,
        GPU_DEVICE,
        TERMINAL,
        REMOTE_TCP,
        OUTSIDE_PEER,
        NO_DUMP_ROOT
    }

    /**
     * The decision: empty {@code blocker} when the job can be checkpointed, else what refuses it and why;
     * {@code notes} say what could not be looked at.
     */
    public record Verdict(Optional<Blocker> blocker, String reason, List<String> notes) {
        public Verdict {
            notes = List.copyOf(notes);
        }

        public boolean checkpointable() {
            return blocker.isEmpty();
        }

        static Verdict refuse(Blocker b, String reason, List<String> notes) {
            return new Verdict(Optional.of(b), reason, notes);
        }
    }

    /** Device paths of GPUs and accelerators: NVIDIA's, AMD's compute (kfd) and every DRM node. */
    static boolean isAccelerator(String target) {
        return target.startsWith("/dev/nvidia") || target.equals("/dev/kfd") || target.startsWith("/dev/dri/");
    }

    /** A terminal device: a pseudo-terminal's slave, a virtual console, a serial line or the controlling tty. */
    static boolean isTerminal(String target) {
        return target.startsWith("/dev/pts/")
                || target.matches("/dev/tty[0-9]*")
                || target.startsWith("/dev/ttyS")
                || target.equals("/dev/console");
    }

    /**
     * The verdict on {@code facts}; {@code tcpEstablished} when criu is told to dump established TCP
     * connections ({@code --tcp-established} in the site's dump and restore options).
     */
    public static Verdict decide(JobFacts facts, boolean tcpEstablished) {
        List<String> notes = new java.util.ArrayList<>();
        Set<Long> sockets = new HashSet<>();
        facts.tasks().forEach(t -> t.files().forEach(f -> f.inode("socket").ifPresent(sockets::add)));
        for (Task t : facts.tasks()) {
            String who = "process " + t.pid() + " (" + t.comm() + ")";
            if (facts.hostMountNs().isPresent()
                    && t.mountNs().isPresent()
                    && !facts.hostMountNs().equals(t.mountNs())) {
                return Verdict.refuse(
                        Blocker.NAMESPACE,
                        who + " runs in another mount namespace than the host's (a container: "
                                + t.mountNs().get() + ", host "
                                + facts.hostMountNs().get() + ")",
                        notes);
            }
            if (facts.hostPidNs().isPresent()
                    && t.pidNs().isPresent()
                    && !facts.hostPidNs().equals(t.pidNs())) {
                return Verdict.refuse(
                        Blocker.NAMESPACE,
                        who + " runs in another PID namespace than the host's (a container: "
                                + t.pidNs().get() + ")",
                        notes);
            }
            if (t.uids().stream().anyMatch(u -> u != facts.ownerUid())) {
                return Verdict.refuse(
                        Blocker.OTHER_USER,
                        who + " runs as uid " + t.uids() + ", not as the job's user " + facts.ownerUid(),
                        notes);
            }
        }
        for (Task t : facts.tasks()) {
            String who = "process " + t.pid() + " (" + t.comm() + ")";
            for (OpenFile f : t.files()) {
                if (isAccelerator(f.target())) {
                    return Verdict.refuse(
                            Blocker.GPU_DEVICE,
                            who + " has the GPU or accelerator device " + f.target()
                                    + " open: criu cannot save a device's state",
                            notes);
                }
            }
            Optional<String> tty = terminal(t, facts.tasks());
            if (tty.isPresent()) {
                return Verdict.refuse(
                        Blocker.TERMINAL,
                        who + " has the terminal " + tty.get() + ", which the job does not own: it cannot be"
                                + " restored without it",
                        notes);
            }
        }
        for (Task t : facts.tasks()) {
            String who = "process " + t.pid() + " (" + t.comm() + ")";
            for (OpenFile f : t.files()) {
                Optional<Verdict> v = socketVerdict(who, f, facts, sockets, tcpEstablished, notes);
                if (v.isPresent()) {
                    return v.get();
                }
                if (f.inode("pipe").isPresent()
                        && facts.pipesOutside().containsKey(f.inode("pipe").getAsLong())) {
                    return Verdict.refuse(
                            Blocker.OUTSIDE_PEER,
                            who + " is connected through " + f.target() + " to process "
                                    + facts.pipesOutside().get(f.inode("pipe").getAsLong())
                                    + ", outside the job: the restored job would lose it",
                            notes);
                }
            }
        }
        if (facts.unixPeers().isEmpty() && !sockets.isEmpty()) {
            notes.add("the peers of unix sockets could not be read (ss -x): not checked");
        }
        return new Verdict(Optional.empty(), "the job can be checkpointed", notes);
    }

    private static Optional<Verdict> socketVerdict(
            String who, OpenFile f, JobFacts facts, Set<Long> sockets, boolean tcpEstablished, List<String> notes) {
        if (f.inode("socket").isEmpty()) {
            return Optional.empty();
        }
        long inode = f.inode("socket").getAsLong();
        Optional<TcpSocket> tcp =
                facts.tcp().stream().filter(s -> s.inode() == inode).findFirst();
        if (tcp.isPresent()) {
            TcpSocket s = tcp.get();
            if (s.state() != criu.invoke.proc.SocketTables.ESTABLISHED) {
                return Optional.empty();
            }
            if (!s.remoteLoopback()) {
                return Optional.of(Verdict.refuse(
                        Blocker.REMOTE_TCP,
                        who + " has an established TCP connection " + s.local() + " -> " + s.remote()
                                + " to another host: a restored job would find it gone",
                        notes));
            }
            boolean peerInJob = facts.tcp().stream()
                    .anyMatch(o -> o.local().equals(s.remote())
                            && o.remote().equals(s.local())
                            && sockets.contains(o.inode()));
            if (!peerInJob) {
                return Optional.of(Verdict.refuse(
                        Blocker.OUTSIDE_PEER,
                        who + " has a loopback TCP connection " + s.local() + " -> " + s.remote()
                                + " to a process outside the job",
                        notes));
            }
            if (!tcpEstablished) {
                return Optional.of(Verdict.refuse(
                        Blocker.OUTSIDE_PEER,
                        who + " has an established loopback TCP connection " + s.local() + " -> " + s.remote()
                                + " within the job: criu dumps it only with --tcp-established in CRIU_DUMP_OPTIONS"
                                + " and CRIU_RESTORE_OPTIONS",
                        notes));
            }
            return Optional.empty();
        }
        long peer = facts.unixPeers().map(m -> m.getOrDefault(inode, 0L)).orElse(0L);
        if (peer != 0 && !sockets.contains(peer)) {
            return Optional.of(Verdict.refuse(
                    Blocker.OUTSIDE_PEER,
                    who + " is connected through the unix socket " + f.target() + " to socket:[" + peer
                            + "], which no process of the job holds: the restored job would lose it",
                    notes));
        }
        return Optional.empty();
    }

    /** A terminal {@code t} has (open, or as its controlling terminal) that no process of the job is the master of. */
    private static Optional<String> terminal(Task t, List<Task> job) {
        Set<Integer> masters = new HashSet<>();
        job.forEach(o -> o.files().stream()
                .filter(f -> f.target().equals("/dev/ptmx") || f.target().startsWith("/dev/pts/ptmx"))
                .forEach(f -> f.ttyIndex().ifPresent(masters::add)));
        for (OpenFile f : t.files()) {
            if (!isTerminal(f.target())) {
                continue;
            }
            if (f.target().startsWith("/dev/pts/")) {
                try {
                    if (masters.contains(Integer.parseInt(f.target().substring("/dev/pts/".length())))) {
                        continue;
                    }
                } catch (NumberFormatException e) {
                    // not a numbered pseudo-terminal
                }
            }
            return Optional.of(f.target());
        }
        if (t.ttyNr() != 0) {
            long major = (t.ttyNr() >> 8) & 0xfff;
            long minor = (t.ttyNr() & 0xff) | ((t.ttyNr() >> 12) & 0xfff00);
            boolean pts = major >= 136 && major <= 143;
            long index = (major - 136) * 256 + minor;
            if (!(pts && masters.contains((int) index))) {
                return Optional.of(
                        pts
                                ? "/dev/pts/" + index + " (its controlling terminal)"
                                : "device " + major + ":" + minor + " (its controlling terminal)");
            }
        }
        return Optional.empty();
    }
}
