package io.brook.bench.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class GroupConsumeProgressTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);

    @Test
    void doneOnceEveryPartitionIsReadToItsEndAndRereadRecordsAreDuplicates() {
        GroupConsumeClient.Progress progress = new GroupConsumeClient.Progress(Map.of(P0, 3L, P1, 2L));
        progress.started();

        assertThat(progress.consumed(P0, 0)).isTrue();
        assertThat(progress.consumed(P0, 1)).isTrue();
        assertThat(progress.consumed(P1, 0)).isTrue();
        // P0 moved to another member, which starts again at the committed offset 1.
        assertThat(progress.consumed(P0, 1)).isFalse();
        assertThat(progress.consumed(P0, 2)).isTrue();
        assertThat(progress.done()).isFalse();
        assertThat(progress.missing()).containsExactly(Map.entry(P1, 1L));

        assertThat(progress.consumed(P1, 1)).isTrue();

        assertThat(progress.done()).isTrue();
        assertThat(progress.duplicates()).isEqualTo(1);
        assertThat(progress.missing()).isEmpty();
        assertThat(progress.elapsedNanos()).isNotNegative();
    }

    @Test
    void anEmptyTopicIsDoneAtOnce() {
        GroupConsumeClient.Progress progress = new GroupConsumeClient.Progress(Map.of(P0, 0L));
        assertThat(progress.done()).isTrue();
    }
}
