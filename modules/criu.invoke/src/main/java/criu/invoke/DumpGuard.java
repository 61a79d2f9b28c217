package criu.invoke;

import criu.invoke.proc.ProcStat;
import criu.invoke.process.ChildRunner;
import criu.invoke.process.CriuResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What keeps a job from staying stopped when the program dumping it dies. criu leaves the tree
 * stopped ({@code --leave-stopped}) and the dumping program continues it (or kills it, after a
 * checkpoint that ends the job); killed in between (SIGKILL, the OOM killer), it would leave the job
 * stopped for good. So before criu starts, a guard is detached (a shell in a session of its own): it
 * waits for the dumping process to end, then for criu to let go of the job's processes (their
 * {@code TracerPid}, killing a criu still holding them past the dump's bound), then sends
 * {@code SIGCONT} (or {@code SIGKILL}) to each process of the job's group that is stopped and was
 * not stopped before the dump (a job LSF suspended stays suspended). The dumping program cancels the
 * guard once the job is continued; it costs one shell and a {@code sleep} every 200 ms meanwhile.
 */
final class DumpGuard {
    /** The guard's shell script: {@code $1} pid:start of the dumping process, {@code $2} bound (s), {@code $3} signal, {@code $4} pgid, then excluded pids. */
    static final String SCRIPT = String.join(
            "\n",
            "trap '' INT TERM HUP USR1 USR2",
            "PATH=/usr/bin:/bin",
            "me=${1%:*} me_start=${1#*:} bound=$2 sig=$3 pgid=$4",
            "shift 4",
            "stat_of() { { read -r s < \"/proc/$1/stat\"; } 2>/dev/null || return 1; set -- ${s##*) };"
                    + " state=$1 pgrp=$3 start=${20}; }",
            "while stat_of \"$me\" && [ \"$start\" = \"$me_start\" ] && [ \"$state\" != Z ]; do /bin/sleep 0.2; done",
            "members() { for d in /proc/[0-9]*; do p=${d#/proc/}; stat_of \"$p\" && [ \"$pgrp\" = \"$pgid\" ] &&"
                    + " echo \"$p $state\"; done; }",
            "ticks=0",
            "while :; do",
            "  tracer=",
            "  for p in $(members | while read -r p st; do echo \"$p\"; done); do",
            "    t=$( { sed -n 's/^TracerPid:[[:space:]]*//p' \"/proc/$p/status\"; } 2>/dev/null)",
            "    case $t in ''|0) ;; *) tracer=$t ;; esac",
            "  done",
            "  [ -z \"$tracer\" ] && break",
            "  ticks=$((ticks + 1))",
            "  [ \"$ticks\" -gt $((bound * 5)) ] && kill -s KILL \"$tracer\"",
            "  /bin/sleep 0.2",
            "done",
            "members | while read -r p st; do",
            "  case $st in T) ;; *) continue ;; esac",
            "  for x; do [ \"$x\" = \"$p\" ] && continue 2; done",
            "  kill -s \"$sig\" \"$p\"",
            "done",
            "");

    private DumpGuard() {}

    /**
     * The guard's command line. Pure.
     *
     * @param dumper the dumping process (pid and start ticks)
     * @param bound how long criu may still hold the job after the dumper died
     * @param signal {@code CONT} for a job that keeps running, {@code KILL} for one that ends with its checkpoint
     * @param stoppedBefore the group's processes that were stopped before the dump (left alone)
     */
    static List<String> argv(ProcStat dumper, Duration bound, String signal, long pgid, List<Long> stoppedBefore) {
        // the guard runs in the background of a shell that prints its pid and exits: setsid in a background job
        // (no group leader) makes a session without forking, so $! is the guard itself, known before the shell ends
        List<String> argv = new ArrayList<>(List.of(
                "/bin/sh",
                "-c",
                "/usr/bin/setsid /bin/sh -c \"$0\" lsf-criu-dump-guard \"$@\" </dev/null >/dev/null 2>&1 & echo $!",
                SCRIPT,
                dumper.pid() + ":" + dumper.startTicks(),
                Long.toString(Math.max(1, bound.toSeconds() + 5)),
                signal,
                Long.toString(pgid)));
        stoppedBefore.forEach(p -> argv.add(Long.toString(p)));
        return List.copyOf(argv);
    }

    /** Starts the guard through {@code children}; its pid, or empty when it could not be started (logged by the caller). */
    static Optional<Long> start(ChildRunner children, List<String> argv) {
        CriuResult r = children.run(argv, null, Duration.ofSeconds(10), Optional.empty());
        String out = r.stdout().strip();
        return r.exitStatus() == 0 && out.matches("[0-9]{1,10}") ? Optional.of(Long.parseLong(out)) : Optional.empty();
    }
}
