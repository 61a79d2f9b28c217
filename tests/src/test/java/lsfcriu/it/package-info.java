/** Black-box tests that run the programs of the built runtime image as LSF and administrators do. */
package lsfcriu.it;
