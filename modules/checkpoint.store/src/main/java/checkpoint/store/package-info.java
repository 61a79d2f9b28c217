/** The checkpoint state of one job, its history, the restart policy and the summary. */
package checkpoint.store;
