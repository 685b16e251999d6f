package io.brook.controller.config;

import io.brook.controller.quorum.ControllerQuorum;
import io.brook.controller.quorum.QuorumStatus;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The quorum as health: up while a leader is known (this node can serve reads and forward writes), out of service
 * while there is none (no majority, or an election in progress). Part of the readiness group.
 */
@Component("quorum")
class QuorumHealthIndicator implements HealthIndicator {

    private final ControllerQuorum quorum;

    QuorumHealthIndicator(ControllerQuorum quorum) {
        this.quorum = quorum;
    }

    @Override
    public Health health() {
        QuorumStatus status = quorum.status();
        Health.Builder builder = status.leaderId() != null ? Health.up() : Health.outOfService();
        return builder.withDetail("nodeId", status.nodeId())
                .withDetail("role", status.role())
                .withDetail("leaderId", status.leaderId() == null ? "none" : status.leaderId())
                .withDetail("term", status.term())
                .withDetail("appliedIndex", status.appliedIndex())
                .build();
    }
}
