package io.brook.metadata;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The JSON form of metadata records and states, shared by the controller's log and snapshots and by brokers. */
public final class MetadataJson {

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private MetadataJson() {}

    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    public static MetadataRecord readRecord(byte[] bytes) {
        return MAPPER.readValue(bytes, MetadataRecord.class);
    }

    public static ClusterState readState(byte[] bytes) {
        return MAPPER.readValue(bytes, ClusterState.class);
    }
}
