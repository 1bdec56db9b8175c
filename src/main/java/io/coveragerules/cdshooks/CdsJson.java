package io.coveragerules.cdshooks;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonRawValue;
import java.util.List;
import java.util.Map;

/**
 * The CDS Hooks 2.0 wire types the server writes, named as the specification names them. Empty and null members are
 * left out (CDS Hooks: "SHALL NOT be null or empty"), except {@code cards}, which is always present.
 */
public final class CdsJson {

    private CdsJson() {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Services(List<Service> services) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Service(
            String hook,
            String title,
            String description,
            String id,
            Map<String, String> prefetch,
            Map<String, Object> extension) {}

    /** An entry of the CRD {@code davinci-crd.configuration-options} discovery extension. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record ConfigurationOption(
            String code,
            String type,
            String name,
            String description,

            @JsonProperty("default") Object defaultValue) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Response(
            @JsonInclude(JsonInclude.Include.ALWAYS) List<Card> cards, List<Action> systemActions) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Card(String uuid, String summary, String detail, String indicator, Source source, List<Link> links) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Source(String label, String url, Coding topic) {}

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Coding(String system, String code, String display) {}

    /** A card link; {@code appContext} (a string the SMART app understands) only on {@code smart} links. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Link(String label, String url, String type, String appContext) {
        public Link(String label, String url, String type) {
            this(label, url, type, null);
        }
    }

    /** A CDS Hooks action; {@code resource} is FHIR JSON written by HAPI's parser. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Action(
            String type, String description, @JsonRawValue String resource) {}
}
