package io.brook.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlushTest {

    @TempDir
    Path dataDir;

    private LogFixture fixture;

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void flushUpToCompletesOnceTheBytesAreForced() throws Exception {
        fixture = new LogFixture(
                dataDir,
                TestLogConfig.config().flushPolicy(FlushPolicy.everyBatch()).build());
        PartitionLog log = fixture.log();
        AppendResult result = log.appendAsLeader(TestRecords.batch(3), 0);

        CompletableFuture<Void> flushed = log.flushUpTo(result.lastOffset() + 1);

        flushed.get(30, TimeUnit.SECONDS);
        assertThat(log.flushUpTo(result.lastOffset() + 1)).isCompleted();
        assertThat(log.flushUpTo(0)).isCompleted();
    }

    @Test
    void concurrentAppendersAreGroupCommitted() throws Exception {
        fixture = new LogFixture(
                dataDir,
                TestLogConfig.config().flushPolicy(FlushPolicy.everyBatch()).build());
        PartitionLog log = fixture.log();
        ExecutorService producers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> acknowledged = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                acknowledged.add(producers.submit(() -> {
                    long last = -1;
                    for (int i = 0; i < 50; i++) {
                        AppendResult result = log.appendAsLeader(TestRecords.batch(2), 0);
                        log.flushUpTo(result.lastOffset() + 1).get(30, TimeUnit.SECONDS);
                        last = result.lastOffset();
                    }
                    return last;
                }));
            }
            for (Future<Long> future : acknowledged) {
                assertThat(future.get(60, TimeUnit.SECONDS)).isLessThan(400);
            }
        } finally {
            producers.shutdownNow();
        }
        assertThat(log.logEndOffset()).isEqualTo(400);
        assertThat(log.flushUpTo(400)).isCompleted();
    }

    @Test
    void waitersStillPendingAtCloseAreCompletedOrFailedNotLeftHanging() throws Exception {
        fixture = new LogFixture(dataDir, TestLogConfig.config().build());
        PartitionLog log = fixture.log();
        log.appendAsLeader(TestRecords.batch(3), 0);
        CompletableFuture<Void> covered = log.flushUpTo(3);
        CompletableFuture<Void> beyondEnd = log.flushUpTo(10);

        fixture.manager.close();

        covered.get(30, TimeUnit.SECONDS);
        assertThat(beyondEnd).isCompletedExceptionally();
    }
}
