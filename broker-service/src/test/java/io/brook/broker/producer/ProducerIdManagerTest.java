package io.brook.broker.producer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProducerIdManagerTest {

    @Test
    void idsAreNeverReusedAcrossRestarts(@TempDir Path dir) {
        Set<Long> seen = new HashSet<>();
        for (int restart = 0; restart < 3; restart++) {
            var manager = new ProducerIdManager(dir);
            for (int i = 0; i < ProducerIdManager.BLOCK_SIZE + 5; i++) {
                assertThat(seen.add(manager.nextProducerId())).isTrue();
            }
        }
        assertThat(seen).hasSize((int) (3 * (ProducerIdManager.BLOCK_SIZE + 5)));
    }

    @Test
    void brokersOfAClusterDrawFromDisjointRanges(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("1"));
        Files.createDirectories(dir.resolve("2"));
        var one = new ProducerIdManager(dir.resolve("1"), 1);
        var two = new ProducerIdManager(dir.resolve("2"), 2);
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 2_500; i++) {
            assertThat(seen.add(one.nextProducerId())).isTrue();
            assertThat(seen.add(two.nextProducerId())).isTrue();
        }
        assertThat(one.nextProducerId()).isGreaterThanOrEqualTo(1L << ProducerIdManager.RANGE_BITS);
    }
}
