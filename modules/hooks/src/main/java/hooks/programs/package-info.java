/**
 * The four programs LSF runs: {@code echkpnt.criu} and {@code erestart.criu} (the checkpoint
 * method), the TERMINATE job-control action and POST_EXEC. Each reads its inputs, computes a plan
 * with no side effect, then carries it out through {@link hooks.system.Toolkit}; the job's log is
 * written by {@link hooks.programs.JobLog}.
 */
package hooks.programs;
