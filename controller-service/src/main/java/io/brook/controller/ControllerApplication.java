package io.brook.controller;

import java.util.Map;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A Brook controller: one member of the metadata quorum, with the admin and broker-facing HTTP API.
 *
 * <p>Its settings file is {@code controller.yaml}, not {@code application.yaml}, so that a controller shares a class
 * path with a broker (the testkit does) without reading the broker's settings.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ControllerApplication {

    /** Tells Spring Boot to read {@code controller.yaml}; callers starting the application must pass it on. */
    public static final Map<String, Object> DEFAULT_PROPERTIES = Map.of("spring.config.name", "controller");

    public static void main(String[] args) {
        SpringApplication application = new SpringApplication(ControllerApplication.class);
        application.setDefaultProperties(DEFAULT_PROPERTIES);
        application.run(args);
    }
}
