/**
 * Everything that touches criu and /proc: criu command lines, process trees, image generations
 * and statistics. Uses no other lsf-criu module, so site tools can embed it alone.
 */
module criu.invoke {
    requires com.fasterxml.jackson.jr.ob;

    exports criu.invoke;
}
