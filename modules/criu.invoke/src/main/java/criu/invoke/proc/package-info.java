/**
 * Reading /proc and this host: process tables and trees, one process's stat and credentials, the
 * host's facts and the fingerprint a restore depends on, criu's version.
 */
package criu.invoke.proc;
