package io.brook.controller.quorum;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One member of the controller quorum, written {@code id@host:raftPort:httpPort}.
 *
 * @param id node id, also its Raft peer id
 * @param host where the node's Raft and HTTP ports are reachable
 * @param raftPort the Ratis gRPC port
 * @param httpPort the node's HTTP API port, handed to brokers as the leader's address
 */
public record Voter(int id, String host, int raftPort, int httpPort) {

    public Voter {
        if (id < 0) {
            throw new IllegalArgumentException("Voter id must be >= 0, not " + id);
        }
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("Voter " + id + " has no host");
        }
        checkPort(id, "raft", raftPort);
        checkPort(id, "http", httpPort);
    }

    /** Parses {@code id@host:raftPort:httpPort}. */
    public static Voter parse(String spec) {
        String text = spec.trim();
        int at = text.indexOf('@');
        int httpColon = text.lastIndexOf(':');
        int raftColon = httpColon > 0 ? text.lastIndexOf(':', httpColon - 1) : -1;
        if (at <= 0 || raftColon <= at + 1 || httpColon <= raftColon + 1) {
            throw new IllegalArgumentException("Voter '" + spec + "' is not id@host:raftPort:httpPort");
        }
        try {
            return new Voter(
                    Integer.parseInt(text.substring(0, at)),
                    text.substring(at + 1, raftColon),
                    Integer.parseInt(text.substring(raftColon + 1, httpColon)),
                    Integer.parseInt(text.substring(httpColon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Voter '" + spec + "' is not id@host:raftPort:httpPort", e);
        }
    }

    /** Parses a comma-separated list of voters; ids must be distinct. */
    public static List<Voter> parseList(String specs) {
        List<Voter> voters = new ArrayList<>();
        Set<Integer> ids = new HashSet<>();
        for (String spec : specs.split(",")) {
            if (spec.isBlank()) {
                continue;
            }
            Voter voter = parse(spec);
            if (!ids.add(voter.id())) {
                throw new IllegalArgumentException("Voter id " + voter.id() + " appears twice in '" + specs + "'");
            }
            voters.add(voter);
        }
        return List.copyOf(voters);
    }

    /** {@code host:raftPort}, the Ratis peer address. */
    public String raftAddress() {
        return host + ":" + raftPort;
    }

    /** {@code http://host:httpPort}, the base URL of the node's HTTP API. */
    public String httpUrl() {
        return "http://" + host + ":" + httpPort;
    }

    /** The {@code id@host:raftPort:httpPort} form. */
    public String spec() {
        return id + "@" + host + ":" + raftPort + ":" + httpPort;
    }

    private static void checkPort(int id, String kind, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("Voter " + id + " has invalid " + kind + " port " + port);
        }
    }
}
