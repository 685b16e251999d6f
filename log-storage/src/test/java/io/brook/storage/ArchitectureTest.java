package io.brook.storage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private final JavaClasses storage = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.brook.storage");

    @Test
    void storageEngineIsAPlainLibrary() {
        noClasses()
                .that()
                .resideInAPackage("io.brook.storage..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.springframework..", "io.netty..", "reactor..")
                .check(storage);
    }

    @Test
    void storageEngineDoesNotUseKafkaServerCode() {
        noClasses()
                .that()
                .resideInAPackage("io.brook.storage..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("kafka..", "org.apache.kafka.storage..", "org.apache.kafka.server..")
                .check(storage);
    }
}
