/**
 * The executables LSF runs ({@code echkpnt.criu}, {@code erestart.criu}, the TERMINATE job-control
 * action, POST_EXEC) and the {@code lsf-criu} admin command: thin adapters over {@code lsf.env},
 * {@code checkpoint.store} and {@code criu.invoke}.
 */
module hooks {
    requires transitive lsf.env;
    requires transitive criu.invoke;
    requires transitive checkpoint.store;
    requires lsf.emulator;
    requires org.tinylog.api;
    requires jopt.simple;
    requires com.fasterxml.jackson.jr.ob;

    exports hooks;
}
