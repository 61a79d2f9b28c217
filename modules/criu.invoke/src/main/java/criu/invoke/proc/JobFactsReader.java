package criu.invoke.proc;

import criu.invoke.process.ChildRunner;
import criu.invoke.process.CriuResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads the {@link JobFacts} of a process tree from {@code /proc}, once: each process's credentials,
 * namespaces, terminal and descriptors; the TCP table of its network namespace; the unix sockets' peers
 * ({@code ss -x -a -n}, only when the tree holds a unix socket); and, for a pipe the tree holds one end
 * of, whether a process outside the tree holds it too.
 */
public final class JobFactsReader {
    /** Bound on the {@code ss} call that lists unix sockets' peers. */
    static final Duration SS_TIMEOUT = Duration.ofSeconds(10);

    private final ProcFs proc;
    private final ChildRunner children;

    public JobFactsReader(ProcFs proc, ChildRunner children) {
        this.proc = proc;
        this.children = children;
    }

    /** The facts of {@code tree} (root first, as {@link ProcessTable#tree} gives it). */
    public JobFacts read(List<ProcStat> tree) {
        long self = ProcessHandle.current().pid();
        List<JobFacts.Task> tasks = new ArrayList<>();
        for (ProcStat p : tree) {
            tasks.add(task(p));
        }
        long owner = tasks.isEmpty() || tasks.get(0).uids().isEmpty()
                ? -1
                : tasks.get(0).uids().get(0);
        List<SocketTables.TcpSocket> tcp = new ArrayList<>();
        if (!tree.isEmpty()) {
            long root = tree.get(0).pid();
            proc.text(root, "net/tcp").ifPresent(t -> tcp.addAll(SocketTables.tcp(t, false)));
            proc.text(root, "net/tcp6").ifPresent(t -> tcp.addAll(SocketTables.tcp(t, true)));
        }
        boolean unix = tasks.stream()
                .flatMap(t -> t.files().stream())
                .anyMatch(f -> f.inode("socket").isPresent()
                        && tcp.stream()
                                .noneMatch(s -> s.inode() == f.inode("socket").getAsLong()));
        Optional<Map<Long, Long>> peers = unix ? unixPeers() : Optional.of(Map.of());
        return new JobFacts(
                owner, proc.link(self, "ns/mnt"), proc.link(self, "ns/pid"), tasks, tcp, peers, pipesOutside(tasks));
    }

    private JobFacts.Task task(ProcStat p) {
        List<Long> uids = proc.status(p.pid())
                .flatMap(TaskCredentials::of)
                .map(TaskCredentials::uids)
                .orElse(List.of());
        List<JobFacts.OpenFile> files = new ArrayList<>();
        for (ProcFs.Descriptor d : proc.descriptors(p.pid())) {
            files.add(openFile(d));
        }
        return new JobFacts.Task(
                p.pid(),
                p.comm(),
                uids,
                proc.link(p.pid(), "ns/mnt"),
                proc.link(p.pid(), "ns/pid"),
                proc.text(p.pid(), "stat").map(JobFactsReader::ttyNr).orElse(0L),
                files);
    }

    /** A descriptor as its link and fdinfo describe it. Pure. */
    static JobFacts.OpenFile openFile(ProcFs.Descriptor d) {
        int mode = 0;
        OptionalInt ttyIndex = OptionalInt.empty();
        for (String line : d.fdinfo().lines().toList()) {
            String[] kv = line.split(":", 2);
            if (kv.length != 2) {
                continue;
            }
            try {
                if (kv[0].strip().equals("flags")) {
                    mode = (int) (Long.parseLong(kv[1].strip(), 8) & 3);
                } else if (kv[0].strip().equals("tty-index")) {
                    ttyIndex = OptionalInt.of(Integer.parseInt(kv[1].strip()));
                }
            } catch (NumberFormatException e) {
                // a field this reader does not need
            }
        }
        return new JobFacts.OpenFile(d.target(), mode, ttyIndex);
    }

    /** Field 7 of a stat line ({@code tty_nr}), 0 when it cannot be read. Pure. */
    static long ttyNr(String stat) {
        int close = stat.lastIndexOf(')');
        String[] f =
                close < 0 ? new String[0] : stat.substring(close + 1).strip().split(" ");
        try {
            return f.length > 4 ? Long.parseLong(f[4]) : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private Optional<Map<Long, Long>> unixPeers() {
        for (String ss : List.of("/usr/bin/ss", "/bin/ss", "/usr/sbin/ss", "/sbin/ss")) {
            if (!new java.io.File(ss).canExecute()) {
                continue;
            }
            CriuResult r = children.run(List.of(ss, "-x", "-a", "-n"), null, SS_TIMEOUT, Optional.empty());
            return r.succeeded() ? Optional.of(SocketTables.unixPeers(r.stdout())) : Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The pipes the tree holds only one end of (every holder reads, or every holder writes), with a
     * process outside the tree that holds the same pipe; the other processes are read only then.
     */
    private Map<Long, Long> pipesOutside(List<JobFacts.Task> tasks) {
        Map<Long, Set<Integer>> modes = new HashMap<>();
        Set<Long> inTree = new HashSet<>();
        for (JobFacts.Task t : tasks) {
            inTree.add(t.pid());
            for (JobFacts.OpenFile f : t.files()) {
                f.inode("pipe")
                        .ifPresent(i ->
                                modes.computeIfAbsent(i, k -> new HashSet<>()).add(f.accessMode()));
            }
        }
        Set<Long> halves = new HashSet<>();
        modes.forEach((inode, m) -> {
            if (!(m.contains(2) || (m.contains(0) && m.contains(1)))) {
                halves.add(inode);
            }
        });
        Map<Long, Long> outside = new HashMap<>();
        if (halves.isEmpty()) {
            return outside;
        }
        long self = ProcessHandle.current().pid();
        for (long pid : proc.pids()) {
            if (inTree.contains(pid) || pid == self) {
                continue;
            }
            for (String target : proc.fdTargets(pid)) {
                JobFacts.OpenFile f = new JobFacts.OpenFile(target, 0, OptionalInt.empty());
                f.inode("pipe").ifPresent(i -> {
                    if (halves.contains(i)) {
                        outside.putIfAbsent(i, pid);
                    }
                });
            }
        }
        return outside;
    }
}
