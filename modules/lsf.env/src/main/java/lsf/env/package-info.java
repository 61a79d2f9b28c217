/** The LSF job environment, LSF's constants and the LSF commands (bchkpnt, brestart). */
package lsf.env;
