package io.brook.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.gateway.config.GatewayProperties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final AtomicLong clock = new AtomicLong(42 * SECOND);

    @Test
    void limitsEachClientOnItsOwn() {
        RateLimiter limiter = new RateLimiter(1, 2, 100, clock::get);
        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("a")).isZero();
        assertThat(limiter.tryAcquire("a")).isEqualTo(SECOND);
        assertThat(limiter.tryAcquire("b")).isZero();
        clock.addAndGet(SECOND);
        assertThat(limiter.tryAcquire("a")).isZero();
    }

    @Test
    void burstZeroMeansTheRateRoundedUp() {
        RateLimiter limiter = new RateLimiter(2.5, 0, 100, clock::get);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryAcquire("a")).isZero();
        }
        assertThat(limiter.tryAcquire("a")).isPositive();
    }

    @Test
    void dropsBucketsThatRefilledWhileIdle() {
        RateLimiter limiter = new RateLimiter(1, 2, 100, clock::get);
        for (int i = 0; i < 50; i++) {
            limiter.tryAcquire("client-" + i);
        }
        assertThat(limiter.size()).isEqualTo(50);
        clock.addAndGet(3 * SECOND);
        limiter.tryAcquire("fresh");
        assertThat(limiter.size()).isEqualTo(1);
    }

    @Test
    void staysBoundedWhenEveryClientIsActive() {
        RateLimiter limiter = new RateLimiter(1, 1, 100, clock::get);
        for (int i = 0; i < 10_000; i++) {
            clock.addAndGet(1000);
            assertThat(limiter.tryAcquire("client-" + i)).isZero();
            assertThat(limiter.size()).isLessThanOrEqualTo(100);
        }
        // The most recent client keeps its empty bucket.
        assertThat(limiter.tryAcquire("client-9999")).isPositive();
    }

    @Test
    void aSweepKeepsBucketsThatAreNotFullYet() {
        RateLimiter limiter = new RateLimiter(0.5, 1, 100, clock::get);
        assertThat(limiter.tryAcquire("a")).isZero();
        clock.addAndGet(3 * SECOND / 2);
        // This call sweeps (a second has passed), but "a" refills only after two seconds.
        assertThat(limiter.tryAcquire("b")).isZero();
        assertThat(limiter.size()).isEqualTo(2);
        assertThat(limiter.tryAcquire("a")).isEqualTo(SECOND / 2);
    }

    @Test
    void offWhenTheRateIsZero() {
        assertThat(RateLimiter.of(new GatewayProperties.RateLimit(0, 10))).isNull();
        assertThat(RateLimiter.of(new GatewayProperties.RateLimit(5, 10))).isNotNull();
    }
}
