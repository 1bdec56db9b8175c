package io.coveragerules;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** A payer's coverage rules server: CDS Hooks (Da Vinci CRD) and FHIR (DTR), answering from CQL policies. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class CoverageRulesServer {

    public static void main(String[] args) {
        SpringApplication.run(CoverageRulesServer.class, args);
    }
}
