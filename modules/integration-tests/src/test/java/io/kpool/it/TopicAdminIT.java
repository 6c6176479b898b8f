package io.kpool.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.kpool.protocol.Topics;
import io.kpool.transport.KafkaSettings;
import io.kpool.transport.TopicAdmin;
import io.kpool.transport.TopicLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.ExtendWith;

/** Roles that start together (the pods of a deployment) and create the topics at once. */
@ExtendWith(SharedBroker.class)
class TopicAdminIT {

    /**
     * A dispatcher wants one task partition, supervisors of slots 0-1 and 2-3 want 2 and 4: whoever
     * creates the topic first, the tasks topic ends with a partition for every slot.
     */
    @RepeatedTest(5)
    void rolesCreatingTheTopicsAtOnceLeaveThemWithAPartitionForEverySlot() throws Exception {
        KafkaSettings kafka = new KafkaSettings(SharedBroker.bootstrap(),
                new Topics("it-" + UUID.randomUUID().toString().substring(0, 8)));
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Void>> roles = new ArrayList<>();
        for (int slots : List.of(1, 2, 4, 1)) {
            roles.add(CompletableFuture.runAsync(() -> {
                try (TopicAdmin admin = new TopicAdmin(kafka)) {
                    go.await();
                    admin.ensure(TopicLayout.forSlots(slots), Duration.ofSeconds(60));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        go.countDown();
        CompletableFuture.allOf(roles.toArray(CompletableFuture[]::new)).get(90, TimeUnit.SECONDS);

        try (TopicAdmin admin = new TopicAdmin(kafka)) {
            assertThat(admin.partitions(kafka.topics().tasks(), Duration.ofSeconds(30))).isEqualTo(4);
        }
    }
}
