package io.brook.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.brook.gateway.api.model.ProduceError;
import io.brook.gateway.api.model.ProduceResponse;
import io.brook.gateway.api.model.RecordOffset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

class ProduceResponseEncoderTest {

    private final ObjectMapper jackson = JsonMapper.builder().build();

    @Test
    void writesWhatJacksonWrites() {
        ProduceResponse response = new ProduceResponse(List.of(
                new RecordOffset(0, 12L, 1_764_000_000_000L, null),
                new RecordOffset(2, null, null, null),
                RecordOffset.failed(1, new ProduceError("NOT_ENOUGH_REPLICAS", "Only \"1\" of 2\n\tin sync \u0001")),
                RecordOffset.failed(null, new ProduceError("UNKNOWN_SERVER_ERROR", null)),
                new RecordOffset(null, null, null, null)));
        String ours = new String(ProduceResponseEncoder.json(response), StandardCharsets.UTF_8);
        assertThat(jackson.readTree(ours)).isEqualTo(jackson.readTree(jackson.writeValueAsString(response)));
        assertThat(ours).isEqualTo(jackson.writeValueAsString(response));
    }
}
