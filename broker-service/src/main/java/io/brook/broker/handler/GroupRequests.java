package io.brook.broker.handler;

import io.brook.broker.group.GroupRequestContext;

/** What the group handlers share: the coordinator's view of who sent a request. Stateless. */
final class GroupRequests {

    private GroupRequests() {}

    /** Client id, client host as Kafka shows it ({@code /127.0.0.1}) and API version. */
    static GroupRequestContext context(RequestContext context) {
        String host = context.clientAddress() == null ? "" : hostOf(context);
        return new GroupRequestContext(context.clientId(), host, context.apiVersion());
    }

    private static String hostOf(RequestContext context) {
        if (context.clientAddress() instanceof java.net.InetSocketAddress inet && inet.getAddress() != null) {
            return "/" + inet.getAddress().getHostAddress();
        }
        return context.clientAddress().toString();
    }
}
