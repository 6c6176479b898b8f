/** Bounded history: the seed's {@code append_capped}, so that state that grows stays small. */
package io.kpool.core.history;
