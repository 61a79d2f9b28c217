package criu.invoke.proc;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Reads processes from {@code /proc}. Tests replace it with a fixed table. */
public interface ProcFs {
    /** The pids of all processes now. */
    List<Long> pids();

    /** The stat of one process, or empty when it is gone (it may vanish while being read). */
    Optional<ProcStat> stat(long pid);

    /**
     * The ids of this process and its threads: a restore that is still being prepared may itself
     * hold an id the image needs, and they are free again by the time the restore runs.
     */
    default Set<Long> ownTasks() {
        return Set.of();
    }

    /** The text of {@code /proc/<pid>/status} (credentials and capability sets), or empty when it is gone. */
    default Optional<String> status(long pid) {
        try {
            return Optional.of(ProcFiles.read("/proc/" + pid + "/status"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The children of process {@code pid}, from the {@code children} file of each of its threads; empty
     * when that cannot be read (the process is gone or not this process's to read, or the kernel has no
     * such file), and then a caller reads every process instead. The kernel lists them reliably only
     * for a stopped process, such as the tree criu leaves stopped.
     */
    default Optional<List<Long>> children(long pid) {
        return Optional.empty();
    }

    /** This process's group ids (real, effective, saved, filesystem) and supplementary groups; empty when unknown. */
    default Set<Long> groups() {
        Set<Long> groups = new java.util.TreeSet<>();
        status(ProcessHandle.current().pid())
                .ifPresent(s -> s.lines()
                        .filter(l -> l.startsWith("Gid:") || l.startsWith("Groups:"))
                        .flatMap(l -> java.util.Arrays.stream(
                                l.substring(l.indexOf(':') + 1).trim().split("\\s+")))
                        .filter(w -> !w.isEmpty())
                        .forEach(w -> groups.add(Long.parseLong(w))));
        return groups;
    }

    /** The real user id of this process. */
    default long uid() {
        return status(ProcessHandle.current().pid())
                .flatMap(s -> TaskCredentials.of(s))
                .map(TaskCredentials::realUid)
                .orElse(-1L);
    }

    /**
     * One open file descriptor of a process: what its {@code /proc/<pid>/fd/<n>} link names and the text of
     * its {@code /proc/<pid>/fdinfo/<n>}.
     */
    record Descriptor(String target, String fdinfo) {}

    /** The open descriptors of process {@code pid}; empty when it is gone or not this process's to read. */
    default List<Descriptor> descriptors(long pid) {
        Path fds = Path.of("/proc/" + pid + "/fd");
        String[] names = fds.toFile().list();
        List<Descriptor> out = new ArrayList<>();
        if (names == null) {
            return out;
        }
        for (String fd : names) {
            try {
                out.add(new Descriptor(
                        Files.readSymbolicLink(fds.resolve(fd)).toString(),
                        ProcFiles.read("/proc/" + pid + "/fdinfo/" + fd)));
            } catch (IOException e) {
                // the descriptor closed while it was read: not open now
            }
        }
        return out;
    }

    /**
     * The text of {@code /proc/<pid>/<file>} (such as {@code stat} or {@code net/tcp}), or empty when it is gone
     * or not this process's to read.
     */
    default Optional<String> text(long pid, String file) {
        try {
            return Optional.of(ProcFiles.read("/proc/" + pid + "/" + file));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * What the link {@code /proc/<pid>/<link>} names (such as {@code ns/mnt}: {@code mnt:[4026531841]}), or
     * empty when it is gone or not this process's to read.
     */
    default Optional<String> link(long pid, String link) {
        try {
            return Optional.of(
                    Files.readSymbolicLink(Path.of("/proc/" + pid + "/" + link)).toString());
        } catch (IOException | UnsupportedOperationException e) {
            return Optional.empty();
        }
    }

    /** What each open descriptor of {@code pid} names, without its fdinfo; empty when it is not this process's to read. */
    default List<String> fdTargets(long pid) {
        Path fds = Path.of("/proc/" + pid + "/fd");
        String[] names = fds.toFile().list();
        List<String> out = new ArrayList<>();
        if (names == null) {
            return out;
        }
        for (String fd : names) {
            try {
                out.add(Files.readSymbolicLink(fds.resolve(fd)).toString());
            } catch (IOException e) {
                // closed while it was read
            }
        }
        return out;
    }

    /** The text of {@code /proc/<pid>/smaps_rollup} (the process's memory, summed), or empty when it cannot be read. */
    default Optional<String> smapsRollup(long pid) {
        try {
            return Optional.of(ProcFiles.read("/proc/" + pid + "/smaps_rollup"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** When this host booted, in epoch seconds ({@code btime} of {@code /proc/stat}), if it can be read. */
    default java.util.OptionalLong bootTime() {
        try {
            return ProcFiles.read(Path.of("/proc/stat"))
                    .lines()
                    .filter(l -> l.startsWith("btime "))
                    .mapToLong(l -> Long.parseLong(l.substring(6).strip()))
                    .findFirst();
        } catch (IOException | NumberFormatException e) {
            return java.util.OptionalLong.empty();
        }
    }

    /** How long this host has been up, in milliseconds ({@code /proc/uptime}), if it can be read. */
    default java.util.OptionalLong uptimeMillis() {
        try {
            return parseUptime(ProcFiles.read(Path.of("/proc/uptime")));
        } catch (IOException e) {
            return java.util.OptionalLong.empty();
        }
    }

    /** The first field of {@code /proc/uptime} ("12345.67 ..."), seconds with two decimals, in milliseconds. Pure. */
    static java.util.OptionalLong parseUptime(String text) {
        java.util.regex.Matcher m =
                java.util.regex.Pattern.compile("^(\\d{1,12})\\.(\\d{2})\\s").matcher(text);
        if (!m.find()) {
            return java.util.OptionalLong.empty();
        }
        return java.util.OptionalLong.of(Long.parseLong(m.group(1)) * 1000 + Long.parseLong(m.group(2)) * 10);
    }

    /** The text of {@code /proc/self/cgroup}: the cgroups this process is in. */
    default String ownCgroups() throws IOException {
        return ProcFiles.read(Path.of("/proc/self/cgroup"));
    }

    /** The real {@code /proc} of this machine. */
    static ProcFs system() {
        return new ProcFs() {
            @Override
            public List<Long> pids() {
                // File.list: one call for the whole directory, a fifth of a DirectoryStream's cost here
                String[] names = new java.io.File("/proc").list();
                if (names == null) {
                    throw new IllegalStateException("cannot list /proc");
                }
                List<Long> pids = new ArrayList<>();
                for (String name : names) {
                    if (!name.isEmpty() && name.chars().allMatch(c -> c >= '0' && c <= '9')) {
                        pids.add(Long.parseLong(name));
                    }
                }
                return pids;
            }

            @Override
            public Set<Long> ownTasks() {
                Set<Long> tasks = new HashSet<>();
                tasks.add(ProcessHandle.current().pid());
                try (DirectoryStream<Path> dir = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
                    dir.forEach(p -> tasks.add(Long.parseLong(p.getFileName().toString())));
                } catch (IOException | NumberFormatException e) {
                    // the process's own pid is the one that matters most
                }
                return tasks;
            }

            @Override
            public Optional<List<Long>> children(long pid) {
                String[] tids = new java.io.File("/proc/" + pid + "/task").list();
                if (tids == null || tids.length == 0) {
                    return Optional.empty();
                }
                List<Long> out = new ArrayList<>();
                for (String tid : tids) {
                    try {
                        for (String word : ProcFiles.read("/proc/" + pid + "/task/" + tid + "/children")
                                .trim()
                                .split(" ")) {
                            if (!word.isEmpty()) {
                                out.add(Long.parseLong(word));
                            }
                        }
                    } catch (IOException | NumberFormatException e) {
                        return Optional.empty();
                    }
                }
                return Optional.of(out);
            }

            @Override
            public Optional<ProcStat> stat(long pid) {
                try {
                    return Optional.of(ProcStat.parse(ProcFiles.read("/proc/" + pid + "/stat")));
                } catch (IOException e) {
                    return Optional.empty(); // ESRCH while reading: it exited
                }
            }
        };
    }
}
