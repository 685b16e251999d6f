package io.brook.controller;

import io.brook.controller.quorum.ControllerQuorum;
import io.brook.controller.quorum.Voter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A controller running in this JVM, for tests and the testkit: the whole Spring application with its own
 * properties, started as many times as needed in one process. Callers deal in ports, paths and URLs only.
 *
 * <p>Voters must know each other's ports before they start, so ports are chosen up front ({@link #startQuorum} picks
 * free ones) rather than with port 0.
 */
public final class EmbeddedController implements AutoCloseable {

    private final Voter voter;
    private final ConfigurableApplicationContext context;

    private EmbeddedController(Voter voter, ConfigurableApplicationContext context) {
        this.voter = voter;
        this.context = context;
    }

    /**
     * Starts controller {@code nodeId} of the quorum {@code voters} ({@code id@host:raftPort:httpPort,...}); its HTTP
     * server listens on its voter entry's HTTP port.
     *
     * @param properties further Spring properties ({@code brook.controller.*}, logging...), overriding the defaults
     */
    public static EmbeddedController start(int nodeId, String voters, Path dataDir, Map<String, String> properties) {
        Voter self = Voter.parseList(voters).stream()
                .filter(v -> v.id() == nodeId)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("Node " + nodeId + " is not among " + voters));
        Map<String, String> all = new LinkedHashMap<>();
        all.put("brook.controller.node-id", String.valueOf(nodeId));
        all.put("brook.controller.voters", voters);
        all.put("brook.controller.data-dir", dataDir.toString());
        all.put("server.port", String.valueOf(self.httpPort()));
        all.put("server.address", self.host());
        all.put("spring.main.banner-mode", "off");
        all.putAll(properties);
        // As command-line arguments: they outrank application.yaml, as they would for a real process.
        String[] args = all.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        ConfigurableApplicationContext context = new SpringApplicationBuilder(ControllerApplication.class)
                .properties(ControllerApplication.DEFAULT_PROPERTIES)
                .web(WebApplicationType.REACTIVE)
                .registerShutdownHook(false)
                .run(args);
        return new EmbeddedController(self, context);
    }

    /**
     * Starts a quorum of {@code size} controllers on 127.0.0.1 with free ports, data under {@code dataRoot/node-<id>},
     * ids 1..size.
     */
    public static List<EmbeddedController> startQuorum(int size, Path dataRoot, Map<String, String> properties) {
        String voters = voters(size);
        List<EmbeddedController> controllers = new ArrayList<>(size);
        try {
            for (int id = 1; id <= size; id++) {
                controllers.add(start(id, voters, dataRoot.resolve("node-" + id), properties));
            }
        } catch (RuntimeException e) {
            controllers.forEach(EmbeddedController::close);
            throw e;
        }
        return controllers;
    }

    /** A voters list for ids 1..size on 127.0.0.1 with free ports. */
    public static String voters(int size) {
        List<Integer> ports = freePorts(2 * size);
        List<String> specs = new ArrayList<>(size);
        for (int id = 1; id <= size; id++) {
            specs.add(new Voter(id, "127.0.0.1", ports.get(2 * (id - 1)), ports.get(2 * id - 1)).spec());
        }
        return specs.stream().collect(Collectors.joining(","));
    }

    public int nodeId() {
        return voter.id();
    }

    public Voter voter() {
        return voter;
    }

    /** {@code http://host:port} of this controller's HTTP API. */
    public String baseUrl() {
        return voter.httpUrl();
    }

    /** The quorum member inside, for assertions on Raft state. */
    public ControllerQuorum quorum() {
        return context.getBean(ControllerQuorum.class);
    }

    public boolean isRunning() {
        return context.isActive();
    }

    /** Stops the application: HTTP server, session checks, Raft server. */
    @Override
    public void close() {
        if (context.isActive()) {
            context.close();
        }
    }

    private static List<Integer> freePorts(int count) {
        Set<Integer> ports = new HashSet<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            while (ports.size() < count) {
                ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                socket.setReuseAddress(true);
                held.add(socket);
                ports.add(socket.getLocalPort());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot find free ports", e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // Only probing.
                }
            }
        }
        return new ArrayList<>(ports);
    }
}
