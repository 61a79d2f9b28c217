package criu.invoke.proc;

import java.util.List;
import java.util.Optional;

/**
 * A live task's user ids and capability sets, from {@code /proc/<pid>/status}. A dump refuses a
 * tree any of whose tasks holds a capability or runs as another user than the one dumping: such a
 * tree is not an ordinary job of that user. Pure.
 */
public record TaskCredentials(List<Long> uids, long permitted, long effective, long ambient) {
    public TaskCredentials {
        uids = List.copyOf(uids);
    }

    /** Parses the {@code Uid:}, {@code CapPrm:}, {@code CapEff:} and {@code CapAmb:} lines; empty when one is missing. */
    public static Optional<TaskCredentials> of(String status) {
        Optional<String> uid = line(status, "Uid:");
        Optional<String> prm = line(status, "CapPrm:");
        Optional<String> eff = line(status, "CapEff:");
        Optional<String> amb = line(status, "CapAmb:");
        if (uid.isEmpty() || prm.isEmpty() || eff.isEmpty()) {
            return Optional.empty();
        }
        List<Long> uids =
                List.of(uid.get().split("\\s+")).stream().map(Long::parseLong).toList();
        return Optional.of(new TaskCredentials(
                uids,
                Long.parseUnsignedLong(prm.get(), 16),
                Long.parseUnsignedLong(eff.get(), 16),
                amb.map(a -> Long.parseUnsignedLong(a, 16)).orElse(0L)));
    }

    public long realUid() {
        return uids.get(0);
    }

    /** Why a task with these credentials must not be dumped by {@code uid} (root may dump any), or empty. */
    public Optional<String> dumpRefusal(long pid, long uid) {
        if (uid == 0) {
            return Optional.empty();
        }
        if (uids.stream().anyMatch(u -> u != uid)) {
            return Optional.of("process " + pid + " runs as uid " + uids + ", not as the dumping user " + uid);
        }
        if (permitted != 0 || effective != 0 || ambient != 0) {
            return Optional.of(String.format(
                    "process %d holds capabilities (permitted %x, effective %x, ambient %x):" + " not an ordinary job",
                    pid, permitted, effective, ambient));
        }
        return Optional.empty();
    }

    private static Optional<String> line(String status, String key) {
        return status.lines()
                .filter(l -> l.startsWith(key))
                .map(l -> l.substring(key.length()).strip())
                .findFirst();
    }
}
