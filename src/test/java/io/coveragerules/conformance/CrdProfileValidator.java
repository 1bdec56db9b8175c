package io.coveragerules.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.UnknownCodeSystemWarningValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.utilities.npm.NpmPackage;

/**
 * Validates resources against the implementation guides' profiles, offline, with HAPI's validator and the IG
 * packages in one folder: system property {@code fhir.packages.dir} (the build sets it; default
 * {@code ../shared/fhir-packages}). Built once per test JVM: about 6 s, then ~12 ms per resource.
 */
public final class CrdProfileValidator {

    public static final String CRD = "http://hl7.org/fhir/us/davinci-crd/StructureDefinition/";

    private static CrdProfileValidator instance;

    private final FhirValidator validator;

    private CrdProfileValidator(FhirContext fhirContext, Path packages) {
        PrePopulatedValidationSupport igs = new PrePopulatedValidationSupport(fhirContext);
        IParser parser = fhirContext.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));
        try (Stream<Path> files = Files.list(packages)) {
            for (Path tgz : files.filter(p -> p.toString().endsWith(".tgz")).sorted().toList()) {
                try (InputStream in = Files.newInputStream(tgz)) {
                    NpmPackage npm = NpmPackage.fromPackage(in);
                    var folder = npm.getFolders().get("package");
                    for (String name : folder.listFiles()) {
                        if (!name.endsWith(".json") || name.equals("package.json") || name.startsWith(".")) {
                            continue;
                        }
                        try {
                            igs.addResource(parser.parseResource(new String(folder.fetchFile(name), StandardCharsets.UTF_8)));
                        } catch (RuntimeException notAConformanceResource) {
                            // examples and resource types the validator does not need
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(("Cannot read the FHIR IG packages in %s: set -Dfhir.packages.dir to the folder "
                    + "holding hl7.fhir.us.davinci-crd-2.0.1.tgz and the other packages (see README)").formatted(packages), e);
        }
        UnknownCodeSystemWarningValidationSupport unknownCodeSystems = new UnknownCodeSystemWarningValidationSupport(fhirContext);
        unknownCodeSystems.setNonExistentCodeSystemSeverity(ca.uhn.fhir.context.support.IValidationSupport.IssueSeverity.WARNING);
        ValidationSupportChain chain = new ValidationSupportChain(
                igs,
                new DefaultProfileValidationSupport(fhirContext),
                new CommonCodeSystemsTerminologyService(fhirContext),
                new InMemoryTerminologyServerValidationSupport(fhirContext),
                new SnapshotGeneratingValidationSupport(fhirContext),
                unknownCodeSystems);
        this.validator = fhirContext.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
    }

    public static synchronized CrdProfileValidator get() {
        if (instance == null) {
            Path packages = Path.of(System.getProperty("fhir.packages.dir", "../shared/fhir-packages"));
            if (!Files.isDirectory(packages)) {
                throw new IllegalStateException("FHIR IG packages folder %s not found: set -Dfhir.packages.dir (see README)"
                        .formatted(packages.toAbsolutePath()));
            }
            instance = new CrdProfileValidator(FhirContext.forR4Cached(), packages);
        }
        return instance;
    }

    /** Error (and fatal) messages of validating {@code resource} against {@code profile}; empty when it conforms. */
    public List<String> errors(IBaseResource resource, String profile) {
        return validator.validateWithResult(resource, new ValidationOptions().addProfile(profile)).getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .map(CrdProfileValidator::describe)
                .toList();
    }

    /** The CRD 2.0.1 profile of an order type, as Inferno picks it (profile-&lt;type in lower case&gt;). */
    public static String crdProfileFor(IBaseResource resource) {
        return CRD + "profile-" + resource.fhirType().toLowerCase();
    }

    private static String describe(SingleValidationMessage m) {
        return "%s %s: %s".formatted(m.getSeverity(), m.getLocationString(), m.getMessage());
    }
}
