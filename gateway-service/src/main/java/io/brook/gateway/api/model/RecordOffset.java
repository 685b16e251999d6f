package io.brook.gateway.api.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Where one record landed, or its error. With {@code acks=0} the offset is unknown and absent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "The outcome of one record, in request order")
public record RecordOffset(Integer partition, Long offset, Long timestamp, ProduceError error) {

    public static RecordOffset failed(Integer partition, ProduceError error) {
        return new RecordOffset(partition, null, null, error);
    }
}
