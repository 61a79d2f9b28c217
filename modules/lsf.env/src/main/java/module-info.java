/**
 * A typed, immutable view of one LSF job's environment, the site's lsf-criu configuration, LSF's
 * constants and the LSF commands the toolkit calls. Uses no other lsf-criu module, so site tools
 * can embed it alone.
 */
module lsf.env {
    exports lsf.env;
    exports lsf.env.config;
}
