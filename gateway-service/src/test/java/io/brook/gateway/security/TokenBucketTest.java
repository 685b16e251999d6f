package io.brook.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @Test
    void allowsABurstThenOneRequestPerRefill() {
        TokenBucket bucket = new TokenBucket(1, 2, 0);
        assertThat(bucket.tryAcquire(0)).isZero();
        assertThat(bucket.tryAcquire(0)).isZero();
        assertThat(bucket.tryAcquire(0)).isEqualTo(SECOND);
        assertThat(bucket.tryAcquire(SECOND / 4)).isEqualTo(3 * SECOND / 4);
        assertThat(bucket.tryAcquire(SECOND)).isZero();
        assertThat(bucket.tryAcquire(SECOND)).isEqualTo(SECOND);
    }

    @Test
    void neverHoldsMoreThanItsCapacity() {
        TokenBucket bucket = new TokenBucket(10, 3, 0);
        long later = 3600 * SECOND;
        for (int i = 0; i < 3; i++) {
            assertThat(bucket.tryAcquire(later)).isZero();
        }
        assertThat(bucket.tryAcquire(later)).isEqualTo(SECOND / 10);
    }

    @Test
    void fractionalRatesWaitLonger() {
        TokenBucket bucket = new TokenBucket(0.5, 1, 0);
        assertThat(bucket.tryAcquire(0)).isZero();
        assertThat(bucket.tryAcquire(0)).isEqualTo(2 * SECOND);
        assertThat(bucket.tryAcquire(2 * SECOND)).isZero();
    }

    @Test
    void sustainedRateMatchesTheConfiguredRate() {
        TokenBucket bucket = new TokenBucket(100, 1, 0);
        int admitted = 0;
        // A request every millisecond for ten seconds: 100 per second get through, plus the initial token.
        for (long t = 0; t < 10 * SECOND; t += TimeUnit.MILLISECONDS.toNanos(1)) {
            if (bucket.tryAcquire(t) == 0) {
                admitted++;
            }
        }
        assertThat(admitted).isBetween(1000, 1001);
    }

    @Test
    void knowsWhenAnIdleBucketIsFullAgain() {
        TokenBucket bucket = new TokenBucket(2, 4, 0);
        assertThat(bucket.fullAt(0)).isTrue();
        bucket.tryAcquire(0);
        bucket.tryAcquire(0);
        assertThat(bucket.fullAt(SECOND - 1)).isFalse();
        assertThat(bucket.fullAt(SECOND)).isTrue();
    }

    @Test
    void worksAcrossTheNanoTimeWrap() {
        long start = Long.MAX_VALUE - SECOND / 2;
        TokenBucket bucket = new TokenBucket(1, 1, start);
        assertThat(bucket.tryAcquire(start)).isZero();
        assertThat(bucket.tryAcquire(start + SECOND / 2)).isEqualTo(SECOND / 2);
        assertThat(bucket.tryAcquire(start + SECOND)).isZero();
    }

    @Test
    void rejectsUselessSettings() {
        assertThatThrownBy(() -> new TokenBucket(0, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
