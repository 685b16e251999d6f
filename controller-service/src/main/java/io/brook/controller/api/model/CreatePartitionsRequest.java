package io.brook.controller.api.model;

import jakarta.validation.constraints.NotNull;

/**
 * @param count the topic's total partition count after the change
 * @param validateOnly check and compute without changing the topic
 */
public record CreatePartitionsRequest(@NotNull Integer count, Boolean validateOnly) {

    public CreatePartitionsRequest {
        validateOnly = Boolean.TRUE.equals(validateOnly);
    }
}
