package io.kpool.client;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One id: its jobs records, and the outcomes that carry only the id. */
final class AuditTally {
    /** The one copy kept of the id's string (set by its first jobs record). */
    String id;
    int records;
    int results;
    int workerLetters;
    String workerReason;
    /** The first record in the first partition the id was seen in. */
    int partition = -1;
    long offset;
    /** The first record in each other partition, by partition; null while there is none (the usual case). */
    Map<Integer, Long> elsewhere;
    /** Records of the id that are retries, and the first of them (in the first partition one was seen in). */
    int retries;
    int retryPartition = -1;
    long retryOffset;

    void retry(int p, long o) {
        retries++;
        if (retryPartition < 0) {
            retryPartition = p;
            retryOffset = o;
        } else if (p == retryPartition) {
            retryOffset = Math.min(retryOffset, o);
        }
    }

    /** Whether the retry at p:o stands in as the accepted record: the id has no other record read. */
    boolean standsIn(int p, long o) {
        return records == 0 && p == retryPartition && o == retryOffset;
    }

    void record(int p, long o) {
        records++;
        if (partition < 0) {
            partition = p;
            offset = o;
        } else if (p == partition) {
            offset = Math.min(offset, o);
        } else {
            if (elsewhere == null) {
                elsewhere = new TreeMap<>();
            }
            elsewhere.merge(p, o, Math::min);
        }
    }

    /** {partition, offset} of the accepted record. */
    long[] accepted(AuditBook book) {
        if (elsewhere == null) {
            return new long[] {partition, offset};
        }
        List<long[]> firsts = new ArrayList<>();
        firsts.add(new long[] {partition, offset});
        elsewhere.forEach((p, o) -> firsts.add(new long[] {p, o}));
        firsts.sort(Comparator.comparingLong(f -> f[0]));
        for (long[] first : firsts) {
            AuditSlot slot = book.existing((int) first[0], first[1]);
            if (slot == null || slot.letters == 0) {
                return first;
            }
        }
        return firsts.get(0);
    }

    boolean isAccepted(int p, long o, AuditBook book) {
        if (elsewhere == null) {
            return p == partition && o == offset;
        }
        long[] first = accepted(book);
        return first[0] == p && first[1] == o;
    }
}
