package io.kpool.client;

import java.util.ArrayList;
import java.util.List;

/** A count of one kind of audit problem (missing, duplicated, unmatched) and its first examples. */
final class AuditProblems {

    private final String jobsTopic;
    private final int limit;
    private final List<AuditReport.Example> examples = new ArrayList<>();
    long count;

    /**
     * @param jobsTopic the jobs topic, named in examples located by partition and offset
     * @param limit     how many examples to keep
     */
    AuditProblems(String jobsTopic, int limit) {
        this.jobsTopic = jobsTopic;
        this.limit = limit;
    }

    void add(long n, String jobId, int partition, long offset, String detail) {
        count += n;
        example(new AuditReport.Example(jobId, jobsTopic, partition, offset, detail));
    }

    void addById(long n, String jobId, String detail) {
        count += n;
        example(new AuditReport.Example(jobId, null, null, null, detail));
    }

    void example(AuditReport.Example example) {
        if (examples.size() < limit) {
            examples.add(example);
        }
    }

    AuditReport.Issues issues() {
        return new AuditReport.Issues(count, examples);
    }
}
