package io.coveragerules.documents;

import io.coveragerules.policy.PolicyDocuments;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves each policy's full text at {@code /policies/{number}}: the default target of the policy links in cards and
 * coverage information, so that no link is dead until the payer configures its own URL.
 */
@RestController
class PolicyDocumentController {

    private final PolicyDocuments documents;

    PolicyDocumentController(PolicyDocuments documents) {
        this.documents = documents;
    }

    @GetMapping("/policies/{number}")
    ResponseEntity<byte[]> policy(@PathVariable String number) {
        return documents
                .forPolicy(number)
                .map(d -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType(
                                d.contentType().startsWith("text/")
                                        ? d.contentType() + ";charset=UTF-8"
                                        : d.contentType()))
                        .body(d.content()))
                .orElseGet(() -> ResponseEntity.notFound().build());
    }
}
