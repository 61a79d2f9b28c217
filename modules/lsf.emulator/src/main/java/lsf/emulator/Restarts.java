package lsf.emulator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code brestart} and the dispatch of a restarted job, as LSF does them: a new job id at once;
 * on dispatch the checkpoint directory renamed to the new id with an old-to-new symlink left
 * behind, {@code erestart.criu} run, and {@code .restart_cmd}'s command run as the new job.
 */
final class Restarts {
    static final long DISPATCH_DELAY_NANOS = 1_000_000_000L;
    static final long ERESTART_TIMEOUT_SECONDS = 300;

    private record Pending(Path parent, long oldId, long newId, long dueNanos) {}

    private final Emulator emulator;
    private Optional<Pending> pending = Optional.empty();

    Restarts(Emulator emulator) {
        this.emulator = emulator;
    }

    boolean pending() {
        return pending.isPresent();
    }

    /** {@code brestart [-m host] <parent> <oldId>}: this single host is the only one {@code -m} may name. */
    void submit(String request, Path parent, long oldId, long newId, Optional<String> host) throws IOException {
        Path reply = emulator.spool().resolve("reply").resolve(request);
        String answer;
        if (host.isPresent() && !host.get().equals(Emulator.hostname())) {
            answer = "brestart: " + host.get() + ": Bad host name, host group name or cluster name";
        } else if (!emulator.files().exists(parent.resolve(Long.toString(oldId)).resolve("chklog"))) {
            answer = "brestart: job <" + oldId + ">: no checkpoint (chklog) in " + parent.resolve(Long.toString(oldId));
        } else {
            answer = Long.toString(newId);
            pending = Optional.of(new Pending(parent, oldId, newId, System.nanoTime() + DISPATCH_DELAY_NANOS));
        }
        emulator.files().write(reply, answer + "\n");
        emulator.timeline()
                .add(
                        oldId,
                        "brestart",
                        answer.matches("\\d+")
                                ? "resubmitted as job " + newId
                                        + host.map(h -> " to host " + h).orElse(" to any host")
                                : answer);
    }

    void dispatchDue() throws IOException {
        if (pending.isEmpty() || System.nanoTime() < pending.get().dueNanos()) {
            return;
        }
        Pending p = pending.get();
        pending = Optional.empty();
        Path oldDir = p.parent().resolve(Long.toString(p.oldId()));
        Path newDir = p.parent().resolve(Long.toString(p.newId()));
        try {
            emulator.files().move(oldDir, newDir);
            emulator.files().symlink(oldDir, newDir);
        } catch (java.io.UncheckedIOException e) {
            // a checkpoint filesystem gone read-only or full: LSF cannot start the restarted job, which exits
            emulator.timeline()
                    .add(p.newId(), "restart dispatch failed", "cannot rename " + oldDir + ": " + e.getMessage());
            return;
        }
        emulator.timeline().add(p.newId(), "restart dispatch", oldDir + " renamed to " + newDir + "; erestart.criu");
        dispatch(p.parent(), p.oldId(), p.newId());
    }

    /**
     * {@code bmig}: the job checkpointed and killed is restarted at once under its own id (LSF's
     * "next available host"), with {@code LSB_RESTART=Y}, from its own checkpoint directory.
     */
    void migrate(long id) throws IOException {
        restartInPlace(id, "migration dispatch");
    }

    /** The job checkpointed (and gone) restarted at once under its own id from its own directory ({@code what}: why). */
    void restartInPlace(long id, String what) throws IOException {
        emulator.timeline().add(id, what, "job " + id + " restarted on the next host; erestart.criu");
        dispatch(emulator.spec().checkpointParent().orElseThrow(), id, id);
    }

    private void dispatch(Path parent, long oldId, long newId) throws IOException {
        Path newDir = parent.resolve(Long.toString(newId));
        Pending p = new Pending(parent, oldId, newId, 0);
        Map<String, String> extra = new HashMap<>();
        extra.put("LSB_RESTART", "Y");
        extra.put("LSB_OLD_JOBID", Long.toString(p.oldId()));
        extra.put("LSB_ERESTART_USRCMD", emulator.spec().command());
        extra.put("LSB_RESTART_PGID", Long.toString(emulator.job().pgid()));
        extra.put("PATH", "/bin:/usr/bin:/sbin:/usr/sbin");
        Map<String, String> env = new HashMap<>(emulator.spec().environment());
        env.putAll(extra);
        env.put("LSB_JOBID", Long.toString(p.newId()));
        env.put("LSB_JOBINDEX", Long.toString(emulator.spec().jobIndex()));
        env.put("LSB_CHKPNT_DIR", newDir.toString());
        env.putIfAbsent("LSB_QUEUE", JobSpec.QUEUE);
        env.put("LS_EXEC_T", "START");
        Path erestart = emulator.settings().image().resolve("bin/erestart.criu");
        Process e = emulator.children().start(List.of(erestart.toString(), newDir.toString()), env, p.parent(), null);
        int exit;
        try {
            exit = e.waitFor(ERESTART_TIMEOUT_SECONDS, TimeUnit.SECONDS) ? e.exitValue() : -1;
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            exit = -1;
        }
        if (exit != 0) {
            e.destroyForcibly();
            emulator.timeline()
                    .add(p.newId(), "restart failed", "erestart.criu exited " + exit + ": the job exits 255");
            emulator.start(p.newId(), "exit 255", extra, Optional.of(p.oldId()));
            return;
        }
        Path cmdFile = newDir.resolve(".restart_cmd");
        String line = emulator.files().read(cmdFile).lines().findFirst().orElse("");
        emulator.files().delete(cmdFile);
        String command = line.substring(line.indexOf('=') + 1);
        emulator.start(p.newId(), command, extra, Optional.of(p.oldId()));
    }
}
