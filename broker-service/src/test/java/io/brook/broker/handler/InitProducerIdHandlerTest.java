package io.brook.broker.handler;

import static io.brook.broker.handler.HandlerTestSupport.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.brook.broker.producer.ProducerIdManager;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.message.InitProducerIdRequestData;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class InitProducerIdHandlerTest {

    @TempDir
    Path dataDir;

    private InitProducerIdHandler handler;

    @BeforeEach
    void setUp() {
        handler = new InitProducerIdHandler(new ProducerIdManager(dataDir));
    }

    static IntStream versions() {
        return HandlerTestSupport.versions(ApiKeys.INIT_PRODUCER_ID);
    }

    @ParameterizedTest
    @MethodSource("versions")
    void idempotentProducerGetsFreshIdAtEpochZero(int version) {
        InitProducerIdRequestData request =
                new InitProducerIdRequestData().setTransactionalId(null).setTransactionTimeoutMs(60000);

        InitProducerIdResponseData first = call(handler, request, version);
        InitProducerIdResponseData second = call(handler, request, version);

        assertThat(first.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(first.producerId()).isNotNegative();
        assertThat(first.producerEpoch()).isZero();
        assertThat(second.producerId()).isNotEqualTo(first.producerId());
    }

    @Test
    void producerRecoveringItsIdGetsANewOne() {
        InitProducerIdResponseData first = call(handler, new InitProducerIdRequestData().setTransactionalId(null), 5);
        long current = first.producerId();
        InitProducerIdRequestData request = new InitProducerIdRequestData()
                .setTransactionalId(null)
                .setProducerId(current)
                .setProducerEpoch((short) 3);

        InitProducerIdResponseData response = call(handler, request, 5);

        assertThat(response.errorCode()).isEqualTo(Errors.NONE.code());
        assertThat(response.producerId()).isNotEqualTo(current);
        assertThat(response.producerEpoch()).isZero();
    }

    @ParameterizedTest
    @MethodSource("versions")
    void transactionalProducerIsRefusedWithANonRetriableError(int version) {
        InitProducerIdRequestData request = new InitProducerIdRequestData().setTransactionalId("txn-1");

        InitProducerIdResponseData response = call(handler, request, version);

        assertThat(response.errorCode()).isEqualTo(Errors.INVALID_REQUEST.code());
        assertThat(Errors.forCode(response.errorCode()).exception()).isNotInstanceOf(RetriableException.class);
        assertThat(response.producerId()).isEqualTo(-1);
        assertThat(response.producerEpoch()).isEqualTo((short) -1);
    }
}
