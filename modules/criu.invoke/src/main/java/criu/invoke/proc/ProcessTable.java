package criu.invoke.proc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A snapshot of the processes of this host: who is whose parent, which group each is in. */
public final class ProcessTable {
    private final Map<Long, ProcStat> byPid;

    private ProcessTable(Map<Long, ProcStat> byPid) {
        this.byPid = Collections.unmodifiableMap(byPid);
    }

    /** Reads every process of {@code proc}; processes that vanish while being read are left out. */
    public static ProcessTable read(ProcFs proc) {
        Map<Long, ProcStat> table = new TreeMap<>();
        for (long pid : proc.pids()) {
            proc.stat(pid).ifPresent(s -> table.put(s.pid(), s));
        }
        return new ProcessTable(table);
    }

    /**
     * {@code root} and every live descendant, parents before children and siblings by pid, as
     * {@code read(proc).tree(root)} gives them, reading only the tree's own processes (their
     * {@code children} files and stats) instead of every process of the host: a busy node has
     * hundreds, at about 25 µs of kernel time each here. When any of the tree's files cannot be read,
     * every process is read after all.
     */
    public static List<ProcStat> tree(ProcFs proc, long root) {
        List<ProcStat> out = new ArrayList<>();
        Optional<ProcStat> top = proc.stat(root).filter(s -> !s.isZombie());
        if (top.isEmpty()) {
            return out;
        }
        out.add(top.get());
        for (int i = 0; i < out.size(); i++) {
            ProcStat parent = out.get(i);
            Optional<List<Long>> children = proc.children(parent.pid());
            if (children.isEmpty()) {
                return read(proc).tree(root);
            }
            for (long pid : new java.util.TreeSet<>(children.get())) {
                Optional<ProcStat> child = proc.stat(pid);
                if (child.isEmpty()) {
                    return read(proc).tree(root);
                }
                if (child.get().ppid() == parent.pid() && !child.get().isZombie()) {
                    out.add(child.get());
                }
            }
        }
        return out;
    }

    /** A table of exactly these processes (for tests and tools). */
    public static ProcessTable of(List<ProcStat> stats) {
        Map<Long, ProcStat> table = new TreeMap<>();
        stats.forEach(s -> table.put(s.pid(), s));
        return new ProcessTable(table);
    }

    public Optional<ProcStat> get(long pid) {
        return Optional.ofNullable(byPid.get(pid));
    }

    /** Live (non-zombie) processes of process group {@code pgid}, by pid. */
    public List<ProcStat> group(long pgid) {
        return byPid.values().stream()
                .filter(s -> s.pgid() == pgid && !s.isZombie())
                .toList();
    }

    /** Live children of {@code pid}. */
    public List<ProcStat> children(long pid) {
        return byPid.values().stream()
                .filter(s -> s.ppid() == pid && !s.isZombie())
                .toList();
    }

    /** {@code pid} and every live descendant, parents before children. */
    public List<ProcStat> tree(long pid) {
        List<ProcStat> out = new ArrayList<>();
        get(pid).filter(s -> !s.isZombie()).ifPresent(out::add);
        for (int i = 0; i < out.size(); i++) {
            out.addAll(children(out.get(i).pid()));
        }
        return out;
    }
}
