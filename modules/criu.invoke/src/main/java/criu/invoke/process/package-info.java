/**
 * Running processes: the one child-process runner, bounded and drained ({@link
 * criu.invoke.process.ChildProcess}), the seam tests replace ({@link criu.invoke.process.ChildRunner}),
 * its result, and the ticker that waits.
 */
package criu.invoke.process;
