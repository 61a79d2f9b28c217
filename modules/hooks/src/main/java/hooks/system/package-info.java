/**
 * The programs' way to the world outside them: {@link hooks.system.Toolkit} holds every side
 * effect (environment, clock, /proc, child processes, signals, identity, LSF's commands, the
 * watchdog) and {@link hooks.system.Toolkit#system} is the real one; tests build one with fakes.
 */
package hooks.system;
