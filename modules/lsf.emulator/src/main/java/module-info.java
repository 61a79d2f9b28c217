/**
 * A faithful single-host LSF emulator: it starts jobs as LSF does, enforces a run limit through the
 * queue's TERMINATE action, provides bchkpnt, brestart, bjobs and bkill, runs the checkpoint
 * method, POST_EXEC and restarts, and keeps a timeline. It drives the runtime image's programs only
 * as processes, as LSF does, and uses no other lsf-criu module.
 */
module lsf.emulator {
    requires jopt.simple;

    exports lsf.emulator;
}
