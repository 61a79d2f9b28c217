package hooks.doctor;

import hooks.system.Cgroups;
import java.util.Optional;

/** The kernel settings that matter to criu, judged from the files' contents. Pure. */
public final class KernelChecks {
    private KernelChecks() {}

    /** {@code /proc/sys/kernel/yama/ptrace_scope}: empty when the file does not exist. */
    static Check ptraceScope(Optional<String> value) {
        if (value.isEmpty()) {
            return Check.pass("yama ptrace_scope", "no Yama LSM (no restriction)");
        }
        switch (value.get().strip()) {
            case "0":
            case "1":
                return Check.pass("yama ptrace_scope", value.get().strip() + " (criu's capabilities suffice)");
            case "2":
                return Check.warn(
                        "yama ptrace_scope",
                        "2 (admin-only attach)",
                        "criu needs cap_sys_ptrace, which its"
                                + " file capabilities give; if dumps fail with 'Operation not permitted', set it to 1");
            default:
                return Check.fail(
                        "yama ptrace_scope",
                        value.get().strip() + " (no attach at all)",
                        "criu cannot dump with ptrace disabled: set kernel.yama.ptrace_scope=1 (needs a reboot from 3)");
        }
    }

    /** cgroup v2 when {@code /sys/fs/cgroup/cgroup.controllers} exists, else v1. */
    static Check cgroups(boolean unified, Optional<String> procSelfCgroup) {
        String where = procSelfCgroup.flatMap(Cgroups::path).orElse("/");
        return Check.pass(
                "cgroups",
                (unified ? "v2 (unified)" : "v1") + ", this process in " + where
                        + "; RESTORE_INTO_JOB_CGROUP=Y puts restored jobs into their new job's cgroup");
    }

    /** {@code /proc/sys/kernel/pid_max}. */
    static Check pidMax(Optional<String> value) {
        long max;
        try {
            max = Long.parseLong(value.orElse("").strip());
        } catch (NumberFormatException e) {
            return Check.warn("pid_max", "unreadable", "check /proc/sys/kernel/pid_max");
        }
        if (max <= 32768) {
            return Check.warn(
                    "pid_max",
                    Long.toString(max),
                    "a restore needs the job's original pids free; with few"
                            + " pids they are more often taken: consider sysctl kernel.pid_max=4194304");
        }
        return Check.pass("pid_max", Long.toString(max));
    }
}
