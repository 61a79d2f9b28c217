/**
 * The site configuration file {@code lsf-criu.conf}: LSF-style {@code KEY=value} lines, every key
 * known, typed and range-checked, read from the runtime image and never from the job's environment.
 */
package lsf.env.config;
