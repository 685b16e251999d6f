package io.brook.gateway.config;

import io.brook.gateway.api.ProduceResponseEncoder;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.codec.EncoderHttpMessageWriter;
import org.springframework.http.codec.ServerCodecConfigurer;
import org.springframework.web.reactive.config.WebFluxConfigurer;

/** Codecs of the gateway's own: custom ones are consulted before the default JSON writer. */
@Configuration(proxyBeanMethods = false)
public class WebCodecsConfiguration implements WebFluxConfigurer {

    @Override
    public void configureHttpMessageCodecs(ServerCodecConfigurer configurer) {
        configurer.customCodecs().register(new EncoderHttpMessageWriter<>(new ProduceResponseEncoder()));
    }
}
