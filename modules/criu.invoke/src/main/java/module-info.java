/**
 * Everything that touches criu and /proc, in rooms: {@code criu.invoke} (criu's command lines, a
 * dump into a generation, the checks before a restore), {@code criu.invoke.image} (generations,
 * manifests, what images say, the job's files), {@code criu.invoke.proc} (/proc and this host),
 * {@code criu.invoke.process} (running processes) and {@code criu.invoke.files} (a job user's
 * files, read safely). Uses no other lsf-criu module, so site tools can embed it alone.
 */
module criu.invoke {
    requires com.fasterxml.jackson.jr.ob;

    exports criu.invoke;
    exports criu.invoke.image;
    exports criu.invoke.proc;
    exports criu.invoke.process;
    exports criu.invoke.files;
}
