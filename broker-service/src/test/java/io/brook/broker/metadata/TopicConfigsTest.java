package io.brook.broker.metadata;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.brook.storage.FlushPolicy;
import java.util.Map;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicConfigsTest {

    private final TopicConfigs configs = TopicConfigs.fromNames(Map.of("retention.ms", "3600000"));

    @Test
    void overridesBeatBrokerDefaultsWhichBeatKafkaDefaults() {
        var effective = configs.effective(Map.of("segment.bytes", "1048576"));
        assertThat(effective.get("segment.bytes").source()).isEqualTo(TopicConfigs.Source.TOPIC);
        assertThat(effective.get("retention.ms").value()).isEqualTo("3600000");
        assertThat(effective.get("retention.ms").source()).isEqualTo(TopicConfigs.Source.BROKER);
        assertThat(effective.get("max.message.bytes").value()).isEqualTo("1048588");
        assertThat(effective.get("max.message.bytes").source()).isEqualTo(TopicConfigs.Source.DEFAULT);
    }

    @Test
    void translatesToTheStorageEngineConfig() {
        var log = configs.toLogConfig(Map.of(
                "cleanup.policy", "compact,delete",
                "message.timestamp.type", "LogAppendTime",
                "segment.ms", "1000"));
        assertThat(log.compact()).isTrue();
        assertThat(log.delete()).isTrue();
        assertThat(log.timestampType()).isEqualTo(TimestampType.LOG_APPEND_TIME);
        assertThat(log.segmentMs()).isEqualTo(1000);
        assertThat(log.retentionMs()).isEqualTo(3600000);
        assertThat(log.flushPolicy()).isEqualTo(FlushPolicy.pageCache());
    }

    @Test
    void translatesTheCompactionConfigs() {
        var defaults = configs.toLogConfig(Map.of("cleanup.policy", "compact"));
        assertThat(defaults.compact()).isTrue();
        assertThat(defaults.delete()).isFalse();
        assertThat(defaults.deleteRetentionMs()).isEqualTo(86_400_000L);
        assertThat(defaults.minCleanableDirtyRatio()).isEqualTo(0.5);
        assertThat(defaults.minCompactionLagMs()).isZero();
        assertThat(defaults.maxCompactionLagMs()).isEqualTo(Long.MAX_VALUE);

        var log = configs.toLogConfig(Map.of(
                "delete.retention.ms", "1000",
                "min.cleanable.dirty.ratio", "0.1",
                "min.compaction.lag.ms", "2000",
                "max.compaction.lag.ms", "3000"));
        assertThat(log.deleteRetentionMs()).isEqualTo(1000);
        assertThat(log.minCleanableDirtyRatio()).isEqualTo(0.1);
        assertThat(log.minCompactionLagMs()).isEqualTo(2000);
        assertThat(log.maxCompactionLagMs()).isEqualTo(3000);
    }

    @ParameterizedTest
    @CsvSource({"flush.messages,1,EVERY_BATCH", "flush.ms,200,INTERVAL", "flush.messages,5,PAGE_CACHE"})
    void flushConfigsChooseThePolicy(String key, String value, FlushPolicy.Mode mode) {
        assertThat(configs.toLogConfig(Map.of(key, value)).flushPolicy().mode()).isEqualTo(mode);
    }

    @ParameterizedTest
    @CsvSource({
        "no.such.config,1",
        "retention.ms,soon",
        "retention.ms,-2",
        "cleanup.policy,sometimes",
        "message.timestamp.type,Now",
        "min.cleanable.dirty.ratio,1.5",
        "compression.type,gzip",
        "unclean.leader.election.enable,maybe"
    })
    void rejectsBadOverridesNamingTheKey(String key, String value) {
        assertThatThrownBy(() -> configs.validate(Map.of(key, value)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining(key);
    }
}
