/** criu's versions, command lines, process trees, image generations and statistics. */
package criu.invoke;
