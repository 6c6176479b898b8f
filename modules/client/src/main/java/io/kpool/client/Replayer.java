package io.kpool.client;

import io.kpool.transport.KafkaSettings;
import io.kpool.transport.KafkaUnavailableException;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code kpool replay} over Kafka: reads a pool's dead letters and jobs topic to their end offsets
 * (a {@link TopicSnapshot}), decides by the rules of {@link ReplayPlan}, and writes the replays to
 * the jobs topic. Reading the jobs topic is what keeps a dead letter from being replayed twice; on a
 * secured Kafka it takes a principal that may read it (the operator's, as for the audit).
 */
public final class Replayer {

    private Replayer() {
    }

    /**
     * What to do with each dead letter the selection takes, in the dead-letters topic's order.
     *
     * @param progress told once a second while reading, when it takes longer than a second
     * @throws KafkaUnavailableException when a topic does not exist, or reading stalls
     */
    public static List<ReplayDecision> plan(KafkaSettings kafka, DeadLetterSelection selection,
                                            Consumer<TopicSnapshot.Progress> progress) {
        ReplayPlan plan = new ReplayPlan(kafka.topics());
        String deadLetters = kafka.topics().deadLetters();
        TopicSnapshot.read(kafka, "kpool-replay", List.of(deadLetters, kafka.topics().jobs()), record -> {
            if (record.topic().equals(deadLetters)) {
                var letter = DeadLetterReader.decode(record.value());
                if (letter != null) {
                    plan.letter(new DeadLetterRecord(record.topic(), record.partition(), record.offset(), letter));
                }
            } else {
                plan.jobRecord(record.partition(), record.offset(), record.value());
            }
        }, progress);
        return plan.decide(selection);
    }

    /**
     * Writes the job of every {@link ReplayDecision.Action#REPLAY} decision to the jobs topic, keyed by
     * its id, and waits until Kafka has them all.
     *
     * @return how many were written
     * @throws IllegalStateException when Kafka refused one
     */
    public static int write(KafkaSettings kafka, List<ReplayDecision> decisions) {
        int written = 0;
        try (JobSubmitter submitter = new JobSubmitter(kafka, 0)) {
            for (ReplayDecision decision : decisions) {
                if (decision.action() == ReplayDecision.Action.REPLAY) {
                    submitter.submit(decision.job());
                    written++;
                }
            }
            submitter.flush();
        }
        return written;
    }
}
