package io.brook.gateway.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A gateway on a random port in front of the shared in-process broker, security off unless a
 * subclass turns it on (its own {@code @TestPropertySource} or {@code @DynamicPropertySource}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// A @TestPropertySource, unlike a @DynamicPropertySource of this base class, yields to a subclass's own.
@TestPropertySource(properties = "brook.gateway.security.enabled=false")
public abstract class GatewayTestBase {

    private static Admin admin;

    @LocalServerPort
    protected int port;

    protected WebTestClient web;

    @DynamicPropertySource
    static void brokerProperties(DynamicPropertyRegistry registry) {
        registry.add("brook.gateway.bootstrap-servers", SharedBroker::bootstrapServers);
    }

    @BeforeEach
    void webClient() {
        web = WebTestClient.bindToServer()
                .baseUrl(baseUrl())
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    protected static synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of("bootstrap.servers", SharedBroker.bootstrapServers()));
        }
        return admin;
    }

    @AfterAll
    static synchronized void closeAdmin() {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }

    /** Creates a topic with a fresh name and returns the name. */
    protected static String createTopic(String prefix, int partitions) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        try {
            admin().createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get();
        } catch (Exception e) {
            throw new IllegalStateException("could not create topic " + name, e);
        }
        return name;
    }

    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }
}
