package io.brook.controller.api;

import io.brook.controller.api.model.ClusterInfo;
import io.brook.controller.api.model.PreferredElectionRequest;
import io.brook.controller.api.model.PreferredElectionResponse;
import io.brook.controller.api.model.PreferredElectionResponse.PartitionElection;
import io.brook.controller.api.model.QuorumInfo;
import io.brook.controller.api.model.QuorumInfo.VoterInfo;
import io.brook.controller.control.AdminOperations;
import io.brook.controller.control.BrokerLoad;
import io.brook.controller.quorum.ControllerQuorum;
import io.brook.controller.quorum.QuorumStatus;
import io.brook.metadata.ClusterState;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** The cluster as a whole: summary, quorum, placement, preferred-leader election. */
@RestController
@Tag(name = "cluster")
public class ClusterController {

    private final ControllerQuorum quorum;
    private final AdminOperations admin;
    private final ControlResults results;

    public ClusterController(ControllerQuorum quorum, AdminOperations admin, ControlResults results) {
        this.quorum = quorum;
        this.admin = admin;
        this.results = results;
    }

    @GetMapping("/v1/cluster")
    @Operation(operationId = "getCluster", summary = "Cluster id, active controller and counts")
    public ClusterInfo cluster() {
        ClusterState state = quorum.state();
        int partitions = state.topics().values().stream()
                .mapToInt(t -> t.partitions().size())
                .sum();
        return new ClusterInfo(
                state.clusterId(),
                quorum.leaderId().orElse(null),
                state.lastAppliedIndex(),
                state.brokers().size(),
                state.unfencedBrokers().size(),
                state.topics().size(),
                partitions);
    }

    @GetMapping("/v1/quorum")
    @Operation(operationId = "getQuorum", summary = "Voters, leader, term, and this controller's role and indexes")
    public QuorumInfo quorum() {
        QuorumStatus status = quorum.status();
        List<VoterInfo> voters = status.voters().stream()
                .map(v -> new VoterInfo(v.id(), v.host(), v.raftPort(), v.httpPort(), v.httpUrl()))
                .toList();
        return new QuorumInfo(
                status.nodeId(),
                status.role(),
                status.leaderId(),
                status.term(),
                status.commitIndex(),
                status.appliedIndex(),
                voters);
    }

    @GetMapping("/v1/placement")
    @Operation(
            operationId = "getPlacement",
            summary = "Per broker: replicas held, partitions it is preferred leader of, partitions it leads")
    public List<BrokerLoad> placement() {
        return BrokerLoad.of(quorum.state());
    }

    @PostMapping("/v1/elections/preferred")
    @Operation(
            operationId = "electPreferredLeaders",
            summary = "Move leadership back to preferred replicas, of the listed partitions or of all")
    @ApiResponse(responseCode = "200", description = "One result per partition")
    @ApiResponse(responseCode = "421", description = "Not the active controller; see leaderUrl")
    public Mono<PreferredElectionResponse> electPreferred(
            @RequestBody(required = false) PreferredElectionRequest request) {
        return results.value(() -> admin.electPreferredLeaders(request == null ? List.of() : request.partitions()))
                .map(outcomes -> new PreferredElectionResponse(outcomes.stream()
                        .map(o -> new PartitionElection(
                                o.topic(), o.partition(), o.leader(), o.error().name()))
                        .toList()));
    }
}
