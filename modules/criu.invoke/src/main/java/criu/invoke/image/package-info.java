/**
 * Images and generations: the generations of a checkpoint directory, their manifests and image
 * files, what criu's images say (process tree, credentials, statistics), and the job's open files
 * recorded at a dump and put back before a restore.
 */
package criu.invoke.image;
