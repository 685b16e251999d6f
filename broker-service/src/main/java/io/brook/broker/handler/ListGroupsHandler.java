package io.brook.broker.handler;

import io.brook.broker.group.GroupCoordinator;
import io.brook.broker.group.ShardOperations;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.apache.kafka.common.message.ListGroupsRequestData;
import org.apache.kafka.common.message.ListGroupsResponseData;
import org.apache.kafka.common.message.ListGroupsResponseData.ListedGroup;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;

/**
 * ListGroups (v0+): every group of every coordinator shard on this broker, filtered by state (v4+) and type (v5+),
 * both case-insensitive and empty meaning all. A shard still loading makes the answer
 * COORDINATOR_LOAD_IN_PROGRESS with the groups of the others. Never blocks.
 */
public final class ListGroupsHandler implements RequestHandler<ListGroupsRequestData> {

    private final GroupCoordinator coordinator;

    public ListGroupsHandler(GroupCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Override
    public ApiKeys apiKey() {
        return ApiKeys.LIST_GROUPS;
    }

    @Override
    public CompletionStage<ListGroupsResponseData> handle(RequestContext context, ListGroupsRequestData request) {
        Set<String> states = lower(context.apiVersion() >= 4 ? request.statesFilter() : List.of());
        Set<String> types = lower(context.apiVersion() >= 5 ? request.typesFilter() : List.of());
        List<CompletableFuture<Listing>> listings = new ArrayList<>();
        for (ShardOperations shard : coordinator.allShards()) {
            listings.add(shard.listGroups()
                    .thenApply(groups -> new Listing(groups, Errors.NONE))
                    .exceptionally(e -> new Listing(List.of(), ErrorMapping.toErrors(e))));
        }
        return Stages.inOrder(listings).thenApply(all -> {
            var response = new ListGroupsResponseData().setErrorCode(Errors.NONE.code());
            for (Listing listing : all) {
                if (listing.error() != Errors.NONE) {
                    response.setErrorCode(listing.error().code());
                }
                listing.groups().stream()
                        .filter(g -> states.isEmpty()
                                || states.contains(g.groupState().toLowerCase(Locale.ROOT)))
                        .filter(g ->
                                types.isEmpty() || types.contains(g.groupType().toLowerCase(Locale.ROOT)))
                        .forEach(response.groups()::add);
            }
            return response;
        });
    }

    private record Listing(List<ListedGroup> groups, Errors error) {}

    private static Set<String> lower(List<String> values) {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
