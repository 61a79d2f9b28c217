package criu.invoke;

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
