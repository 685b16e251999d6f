package io.brook.bench.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FdLimitTest {

    private static final String HEADER = "Limit                     Soft Limit           Hard Limit           Units\n";

    @Test
    void readsTheSoftLimit() {
        String limits = HEADER + "Max processes             127787               127787               processes\n"
                + "Max open files            20000                40000                files\n";

        assertThat(FdLimit.parse(limits)).hasValue(20_000);
    }

    @Test
    void unlimitedOrAbsentIsEmpty() {
        assertThat(FdLimit.parse(
                        HEADER + "Max open files            unlimited            unlimited            files\n"))
                .isEmpty();
        assertThat(FdLimit.parse(HEADER)).isEmpty();
    }
}
