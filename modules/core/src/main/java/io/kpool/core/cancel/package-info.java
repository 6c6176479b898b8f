/**
 * Cancellation, as pure decisions: which jobs were cancelled ({@link io.kpool.core.cancel.CancelledJobs}),
 * a job being told from a later job of the same id by the time of its record.
 */
package io.kpool.core.cancel;
