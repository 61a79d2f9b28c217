package hooks;

import java.util.Optional;

/** The cgroup a process is in, from {@code /proc/self/cgroup} (v2 unified, or v1's first hierarchy). Pure. */
final class Cgroups {
    private Cgroups() {}

    /** The cgroup path, or empty when the process is in the root cgroup or the text has none. */
    static Optional<String> path(String procSelfCgroup) {
        String v1 = null;
        for (String line : procSelfCgroup.split("\n")) {
            String[] f = line.strip().split(":", 3);
            if (f.length != 3) {
                continue;
            }
            if (f[0].equals("0") && f[1].isEmpty()) {
                return f[2].equals("/") ? Optional.empty() : Optional.of(f[2]);
            }
            if (v1 == null && !f[2].equals("/") && !f[2].isEmpty()) {
                v1 = f[2];
            }
        }
        return Optional.ofNullable(v1);
    }
}
