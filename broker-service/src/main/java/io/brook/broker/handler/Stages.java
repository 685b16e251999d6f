package io.brook.broker.handler;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Joins the per-item stages of one request into a single stage, keeping the request's order. Stateless. */
final class Stages {

    private Stages() {}

    /** Completes with every item's result in list order once all have completed; fails if any stage fails. */
    static <T> CompletableFuture<List<T>> inOrder(List<CompletableFuture<T>> stages) {
        return CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new))
                .thenApply(
                        ignored -> stages.stream().map(CompletableFuture::join).toList());
    }
}
