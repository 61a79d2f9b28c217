/** The LSF emulator, the simulation image it runs, and {@code lsf-criu simulate}. */
package lsf.emulator;
