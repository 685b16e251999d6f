package io.brook.broker;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** Spring wiring stays in {@code config} and the application class; the broker itself is plain Java. */
@AnalyzeClasses(packages = "io.brook.broker", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule brokerCoreIsFreeOfSpring = noClasses()
            .that()
            .resideInAnyPackage(
                    "io.brook.broker.network..",
                    "io.brook.broker.execution..",
                    "io.brook.broker.handler..",
                    "io.brook.broker.partition..",
                    "io.brook.broker.metadata..",
                    "io.brook.broker.producer..",
                    "io.brook.broker.group..",
                    "io.brook.broker.metrics..")
            .or()
            .haveSimpleName("BrokerServer")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("org.springframework..");

    @ArchTest
    static final ArchRule eventLoopCodeDoesNotTouchHandlers = noClasses()
            .that()
            .resideInAPackage("io.brook.broker.network..")
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage("io.brook.broker.partition..", "io.brook.broker.metadata..");
}
