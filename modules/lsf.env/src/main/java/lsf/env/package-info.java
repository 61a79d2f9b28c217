/** The LSF job environment, LSF's constants and the LSF commands (bchkpnt, brestart, bjobs). */
package lsf.env;
