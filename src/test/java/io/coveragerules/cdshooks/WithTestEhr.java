package io.coveragerules.cdshooks;

import io.coveragerules.ServerTest;
import io.coveragerules.cdshooks.ehr.TestEhrServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** HTTP-level tests with a fresh EHR FHIR server (a real one, on loopback) for every test. */
abstract class WithTestEhr extends ServerTest {

    protected TestEhrServer ehr;

    @BeforeEach
    void startEhr() throws Exception {
        ehr = new TestEhrServer();
    }

    @AfterEach
    void stopEhr() throws Exception {
        ehr.close();
    }
}
