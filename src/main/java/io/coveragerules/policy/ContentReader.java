package io.coveragerules.policy;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * Reads the content folders: every {@code fhir-resources/<policy>/*.json} as a FHIR resource, every
 * {@code cql/<policy>/*.cql} as CQL source keyed by its library name, and loose documents (policy texts) on demand.
 */
class ContentReader {

    private static final Pattern LIBRARY_HEADER = Pattern.compile("(?m)^\\s*library\\s+\"?([A-Za-z0-9_]+)\"?");

    private final List<String> locations;
    private final PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
    private final IParser parser;

    ContentReader(List<String> locations, FhirContext fhirContext) {
        this.locations = locations.stream()
                .map(String::trim)
                .map(l -> l.endsWith("/") ? l.substring(0, l.length() - 1) : l)
                .toList();
        // Content is ours: an unknown element in it is an authoring mistake, so parse strictly.
        this.parser = fhirContext.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
    }

    List<ContentFile> readResources() {
        List<ContentFile> files = new ArrayList<>();
        for (Resource file : find("fhir-resources/*/*.json")) {
            String folder = parentFolder(file);
            try (InputStream in = file.getInputStream()) {
                IBaseResource resource = parser.parseResource(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                files.add(new ContentFile(folder, file.getFilename(), resource));
            } catch (DataFormatException | ClassCastException e) {
                throw new PolicyLoadException(
                        "POL-001 fhir-resources/%s/%s is not a valid FHIR R4 resource: %s"
                                .formatted(folder, file.getFilename(), e.getMessage()),
                        e);
            } catch (IOException e) {
                throw new PolicyLoadException(
                        "POL-001 cannot read fhir-resources/%s/%s".formatted(folder, file.getFilename()), e);
            }
        }
        files.sort(Comparator.comparing(ContentFile::describe));
        return files;
    }

    /** CQL sources by library name, so that a Library resource finds its logic by its {@code name}. */
    Map<String, String> readCqlByLibraryName() {
        Map<String, String> sources = new HashMap<>();
        for (Resource file : find("cql/**/*.cql")) {
            String text = readText(file);
            Matcher header = LIBRARY_HEADER.matcher(text);
            if (!header.find()) {
                throw new PolicyLoadException("POL-002 cql/%s/%s has no 'library' declaration"
                        .formatted(parentFolder(file), file.getFilename()));
            }
            if (sources.put(header.group(1), text) != null) {
                throw new PolicyLoadException("POL-002 two CQL files declare library " + header.group(1));
            }
        }
        return sources;
    }

    /**
     * CQL that the CQL translator itself ships (FHIRHelpers), for a Library with no file in cql/; null if none.
     */
    String translatorLibrary(String name, String version) {
        try (InputStream in =
                ContentReader.class.getResourceAsStream("/org/hl7/fhir/%s-%s.cql".formatted(name, version))) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyLoadException("POL-002 cannot read the translator's " + name, e);
        }
    }

    /** A document that sits beside a policy's resources, e.g. the policy text. */
    Resource document(String policyFolder, String relativePath) {
        if (relativePath.contains("..") || relativePath.startsWith("/")) {
            throw new PolicyLoadException("POL-006 document path %s of policy %s must stay inside its folder"
                    .formatted(relativePath, policyFolder));
        }
        Resource document = locations.stream()
                .map(l -> resolver.getResource(l + "/fhir-resources/" + policyFolder + "/" + relativePath))
                .filter(Resource::exists)
                .findFirst()
                .orElseThrow(
                        () -> new PolicyLoadException("POL-006 fhir-resources/%s/%s is named by the policy but missing"
                                .formatted(policyFolder, relativePath)));
        return document;
    }

    private List<Resource> find(String pattern) {
        List<Resource> found = new ArrayList<>();
        for (String location : locations) {
            try {
                found.addAll(List.of(resolver.getResources(location + "/" + pattern)));
            } catch (IOException e) {
                throw new PolicyLoadException("POL-000 cannot list content under " + location, e);
            }
        }
        return found;
    }

    private static String readText(Resource file) {
        try (InputStream in = file.getInputStream()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyLoadException("POL-002 cannot read " + file.getDescription(), e);
        }
    }

    private static String parentFolder(Resource file) {
        try {
            String path = file.getURL().getPath();
            String[] parts = path.split("/");
            return parts[parts.length - 2];
        } catch (IOException e) {
            throw new PolicyLoadException("POL-000 cannot locate " + file.getDescription(), e);
        }
    }
}
