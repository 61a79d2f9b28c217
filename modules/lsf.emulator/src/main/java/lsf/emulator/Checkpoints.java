package lsf.emulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkpoints as LSF runs them: a {@code bchkpnt} request starts the method only after a running
 * TERMINATE action has exited; {@code echkpnt.criu} runs with LSF's argv in the checkpoint
 * directory's parent with a {@code <jobid>.tmp} directory whose entries are moved into the
 * checkpoint directory on success, followed by {@code chklog} (and, for a restarted job, the
 * removal of the old-to-new symlink).
 */
final class Checkpoints {
    private final Emulator emulator;
    private Process echkpnt;
    private boolean echkpntKill;
    private boolean pending;
    private boolean pendingKill;
    private boolean lastSucceeded;

    Checkpoints(Emulator emulator) {
        this.emulator = emulator;
    }

    /** A {@code bchkpnt} request; {@code actionRunning}: it waits for the TERMINATE action to exit. */
    void request(boolean kill, boolean actionRunning) throws IOException {
        pendingKill = kill;
        if (actionRunning) {
            pending = true;
        } else if (echkpnt == null) {
            startEchkpnt(kill);
        }
    }

    /** The TERMINATE action exited: a checkpoint requested meanwhile starts now. */
    void actionEnded() throws IOException {
        if (pending) {
            pending = false;
            startEchkpnt(pendingKill);
        }
    }

    /** Finishes a method that exited. */
    void step() throws IOException {
        if (echkpnt != null && !echkpnt.isAlive()) {
            finishEchkpnt(echkpnt.exitValue());
            echkpnt = null;
        }
    }

    boolean pending() {
        return pending;
    }

    boolean running() {
        return echkpnt != null;
    }

    /** Whether the last checkpoint that finished succeeded. */
    boolean lastSucceeded() {
        return lastSucceeded;
    }

    private void startEchkpnt(boolean kill) throws IOException {
        SimJob j = emulator.job();
        JobSpec spec = emulator.spec();
        if (j.ended || j.checkpointDir.isEmpty()) {
            emulator.timeline()
                    .add(j.id, "checkpoint skipped", j.ended ? "the job already ended" : "not checkpointable");
            return;
        }
        Path parent = spec.checkpointParent().get();
        Path tmp = parent.resolve(j.id + ".tmp");
        try {
            emulator.files().createPrivateDirectory(tmp); // as the job's user: the parent is theirs
            emulator.files().write(tmp.resolve(".echkpnt"), "method=criu\n");
        } catch (java.io.UncheckedIOException e) {
            // a full or read-only checkpoint filesystem: LSF fails the checkpoint without running the method
            emulator.timeline().add(j.id, "checkpoint failed", "LSF could not prepare " + tmp + ": " + e.getMessage());
            failed(j, tmp);
            return;
        }
        Map<String, String> env = new HashMap<>(j.env);
        env.put("LS_EXEC_T", "CHKPNT");
        List<String> argv = new ArrayList<>(List.of(
                "setsid",
                emulator.settings().image().resolve("bin/echkpnt.criu").toString(),
                "-c"));
        if (kill) {
            argv.add("-k");
        }
        argv.addAll(List.of("-d", j.id + ".tmp", Long.toString(j.pgid())));
        echkpnt = emulator.children().start(argv, env, parent, null);
        echkpntKill = kill;
        emulator.timeline().add(j.id, "checkpoint start", String.join(" ", argv.subList(1, argv.size())));
    }

    private void finishEchkpnt(int exit) throws IOException {
        SimJob j = emulator.job();
        JobSpec spec = emulator.spec();
        Path parent = spec.checkpointParent().get();
        Path tmp = parent.resolve(j.id + ".tmp");
        Path chk = j.checkpointDir.get();
        if (exit == 0) {
            try {
                emulator.files().moveEntries(tmp, chk);
                emulator.files()
                        .write(
                                chk.resolve("chklog"),
                                "checkpoint of job " + j.id + (echkpntKill ? " (kill)" : "") + "\n");
            } catch (java.io.UncheckedIOException e) {
                emulator.timeline()
                        .add(j.id, "checkpoint failed", "LSF could not record it in " + chk + ": " + e.getMessage());
                failed(j, tmp);
                return;
            }
            Path old =
                    j.restartedFrom.map(id -> parent.resolve(Long.toString(id))).orElse(null);
            if (old != null && Files.isSymbolicLink(old)) {
                emulator.files().delete(old); // brestart's old-to-new link (a migrated job keeps its id: no link)
            }
            emulator.timeline()
                    .add(j.id, "checkpoint done", "echkpnt.criu exited 0" + (echkpntKill ? "" : ", the job runs on"));
            lastSucceeded = true;
        } else {
            emulator.timeline().add(j.id, "checkpoint failed", "echkpnt.criu exited " + exit);
            failed(j, tmp);
            return;
        }
        emulator.files().delete(tmp);
    }

    private void failed(SimJob j, Path tmp) {
        lastSucceeded = false;
        j.migrating = false; // bmig: "if the checkpoint fails, the job continues to run on the original host"
        try {
            emulator.files().delete(tmp);
        } catch (java.io.UncheckedIOException e) {
            emulator.timeline().add(j.id, "checkpoint cleanup", "could not remove " + tmp + ": " + e.getMessage());
        }
    }
}
