/**
 * The dispatcher's defence: every record on {@code <prefix>.jobs} is checked here, and what cannot
 * be run is turned into a dead letter with a reason that names the problem.
 */
package io.kpool.core.intake;
