package io.brook.gateway.produce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.gateway.api.model.ProduceResponse;
import io.brook.gateway.api.model.RecordOffset;
import io.brook.gateway.problem.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class IdempotencyCacheTest {

    private static final byte[] BODY = {1, 2, 3};
    private static final ProduceResponse ANSWER = new ProduceResponse(List.of(new RecordOffset(0, 7L, 1L, null)));

    private final List<IdempotencyJournal.Entry> appended = new ArrayList<>();
    private final List<Consumer<IdempotencyJournal.Entry>> listeners = new ArrayList<>();
    private final IdempotencyJournal journal = new IdempotencyJournal() {
        @Override
        public Mono<Void> append(Entry entry) {
            appended.add(entry);
            return Mono.empty();
        }

        @Override
        public void subscribe(Consumer<Entry> listener) {
            listeners.add(listener);
        }
    };
    private final MutableClock clock = new MutableClock();
    private final IdempotencyCache cache = new IdempotencyCache(1_000, 2, clock, journal);
    private final AtomicInteger writes = new AtomicInteger();

    private Mono<ProduceResponse> write() {
        return Mono.fromSupplier(() -> {
            writes.incrementAndGet();
            return ANSWER;
        });
    }

    @Test
    void aRepeatedKeyRunsTheRequestOnceAndSharesTheAnswer() {
        assertThat(cache.execute("k", BODY, this::write).block()).isEqualTo(ANSWER);
        assertThat(cache.execute("k", BODY, this::write).block()).isEqualTo(ANSWER);
        assertThat(writes).hasValue(1);
        assertThat(appended).singleElement().satisfies(entry -> {
            assertThat(entry.key()).isEqualTo("k");
            assertThat(entry.expiresAt()).isEqualTo(clock.millis() + 1_000);
        });
    }

    @Test
    void aDifferentBodyUnderTheSameKeyIsRefused() {
        cache.execute("k", BODY, this::write).block();
        assertThatThrownBy(() -> cache.execute("k", new byte[] {9}, this::write).block())
                .isInstanceOf(ApiProblem.class)
                .hasMessageContaining("422");
    }

    @Test
    void aFailedRequestIsForgottenSoItsRetryRunsAgain() {
        assertThatThrownBy(
                        () -> cache.execute("k", BODY, () -> Mono.<ProduceResponse>error(new IllegalStateException()))
                                .block())
                .isInstanceOf(IllegalStateException.class);
        assertThat(cache.execute("k", BODY, this::write).block()).isEqualTo(ANSWER);
        assertThat(writes).hasValue(1);
    }

    @Test
    void answersExpireAfterTheTtl() {
        cache.execute("k", BODY, this::write).block();
        clock.advance(1_001);
        cache.execute("k", BODY, this::write).block();
        assertThat(writes).hasValue(2);
    }

    @Test
    void anAnswerFromAnotherReplicaIsUsedWithoutWriting() {
        listeners.forEach(
                listener -> listener.accept(new IdempotencyJournal.Entry("k", BODY, clock.millis() + 500, ANSWER)));
        assertThat(cache.execute("k", BODY, this::write).block()).isEqualTo(ANSWER);
        assertThat(writes).hasValue(0);
    }

    @Test
    void keepsAtMostMaxEntries() {
        cache.execute("a", BODY, this::write).block();
        cache.execute("b", BODY, this::write).block();
        cache.execute("c", BODY, this::write).block();
        assertThat(cache.size()).isEqualTo(2);
    }

    private static final class MutableClock extends Clock {
        private long millis = 1_000_000;

        void advance(long by) {
            millis += by;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
