/** criu's command lines, a dump into a new generation (Dumper), the checks before a restore (Restorer). */
package criu.invoke;
