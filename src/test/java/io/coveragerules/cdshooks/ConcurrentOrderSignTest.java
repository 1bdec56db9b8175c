package io.coveragerules.cdshooks;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.coveragerules.ServerTest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Many order-sign calls at once, of different cases, each get their own answer: no state leaks between concurrent
 * evaluations (a CQL engine is per evaluation; compiled libraries and ValueSets are shared read-only).
 */
class ConcurrentOrderSignTest extends ServerTest {

    @Test
    void concurrentCallsOfDifferentCasesEachGetTheirOwnAnswer() throws Exception {
        List<PolicyCase> cases = PolicyCase.all().stream()
                .filter(c -> !c.expectedCards().isEmpty())
                .toList();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<String>> answers = new ArrayList<>();
            List<PolicyCase> asked = new ArrayList<>();
            for (int i = 0; i < 240; i++) {
                PolicyCase policyCase = cases.get(i % cases.size());
                asked.add(policyCase);
                answers.add(pool.submit(() -> {
                    HttpResponse<String> response = postJson(
                            "/cds-services/order-sign-crd", policyCase.request().toString());
                    assertThat(response.statusCode()).isEqualTo(200);
                    return response.body();
                }));
            }
            for (int i = 0; i < answers.size(); i++) {
                JsonNode answer = JSON.readTree(answers.get(i).get());
                PolicyCase policyCase = asked.get(i);
                List<JsonNode> cards = PolicyCase.policyCards(answer);
                assertThat(cards)
                        .as(policyCase.name())
                        .hasSize(policyCase.expectedCards().size());
                for (int c = 0; c < policyCase.expectedCards().size(); c++) {
                    assertThat(cards.get(c).path("summary").asText())
                            .as(policyCase.name())
                            .containsIgnoringCase(
                                    policyCase.expectedCards().get(c).summary());
                }
                assertThat(answer.path("systemActions").size())
                        .as(policyCase.name())
                        .isEqualTo(policyCase.expectedCoverage().size());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
