/**
 * The executables LSF runs ({@code echkpnt.criu}, {@code erestart.criu}, the TERMINATE job-control
 * action, POST_EXEC) and the {@code lsf-criu} admin command: thin adapters over {@code lsf.env},
 * {@code checkpoint.store} and {@code criu.invoke}. It exports nothing: the launchers start its main
 * classes with {@code -m hooks/<class>}, and site tools embed the other modules, not this one.
 */
module hooks {
    requires lsf.env;
    requires criu.invoke;
    requires checkpoint.store;
    requires lsf.emulator;
    requires org.tinylog.api;
    requires jopt.simple;
}
