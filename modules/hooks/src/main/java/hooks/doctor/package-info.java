/**
 * {@code lsf-criu doctor}: the preflight checks of a host (criu, capabilities, kernel, install,
 * checkpoint directory, a real dump and restore) and their result type {@link hooks.doctor.Check}.
 */
package hooks.doctor;
