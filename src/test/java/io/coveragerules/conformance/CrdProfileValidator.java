package io.coveragerules.conformance;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The tests' profile validator: {@link ProfileValidator} over the IG packages in one folder, system property
 * {@code fhir.packages.dir} (the build sets it; default {@code ../shared/fhir-packages}). Built once per test JVM.
 */
public final class CrdProfileValidator {

    public static final String CRD = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/";

    private static ProfileValidator instance;

    private CrdProfileValidator() {}

    public static synchronized ProfileValidator get() {
        if (instance == null) {
            Path packages = Path.of(System.getProperty("fhir.packages.dir", "../shared/fhir-packages"));
            try (Stream<Path> files = Files.list(packages)) {
                List<Callable<InputStream>> archives = files.filter(
                                p -> p.toString().endsWith(".tgz"))
                        .sorted()
                        .<Callable<InputStream>>map(p -> () -> Files.newInputStream(p))
                        .toList();
                instance = new ProfileValidator(FhirContext.forR4Cached(), archives);
            } catch (IOException e) {
                throw new IllegalStateException(
                        ("FHIR IG packages folder %s not readable: set -Dfhir.packages.dir to the "
                                        + "folder holding hl7.fhir.us.davinci-crd-2.0.1.tgz and the other packages (see README)")
                                .formatted(packages.toAbsolutePath()),
                        e);
            }
        }
        return instance;
    }

    /** The CRD 2.0.1 profile of an order type, as Inferno picks it (profile-&lt;type in lower case&gt;). */
    public static String crdProfileFor(IBaseResource resource) {
        return CRD + "profile-" + resource.fhirType().toLowerCase();
    }
}
