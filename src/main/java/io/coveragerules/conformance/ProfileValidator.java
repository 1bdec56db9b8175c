package io.coveragerules.conformance;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.LenientErrorHandler;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
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
 * Validates resources against implementation-guide profiles, offline, with HAPI's validator and FHIR IG packages
 * ({@code .tgz}, as the FHIR package registry publishes them). Terminology that needs a licensed or remote server
 * (CPT, SNOMED CT) can only be warned about offline, so only errors count. Thread-safe once built; building costs a
 * few seconds, so build it once.
 */
public final class ProfileValidator {

    /** The validator's words for a profile it could not find: a gap in the packages, not in the resource. */
    private static final String UNRESOLVED_PROFILE = "Unable to resolve profile";

    private final FhirValidator validator;
    private final PrePopulatedValidationSupport packages;
    private final Set<String> loaded = new TreeSet<>();
    private final Set<String> dependencies = new TreeSet<>();

    public ProfileValidator(FhirContext fhirContext, List<Callable<InputStream>> packageArchives) {
        this(fhirContext, packageArchives, List.of());
    }

    /**
     * @param served what the caller serves itself and resources may refer to (e.g. the Questionnaires a
     *               QuestionnaireResponse answers, so the validator checks its answers against them); asked first
     */
    public ProfileValidator(
            FhirContext fhirContext, List<Callable<InputStream>> packageArchives, List<IValidationSupport> served) {
        this.packages = new PrePopulatedValidationSupport(fhirContext);
        IParser parser = fhirContext.newJsonParser().setParserErrorHandler(new LenientErrorHandler(false));
        for (Callable<InputStream> archive : packageArchives) {
            try (InputStream in = archive.call()) {
                NpmPackage npm = NpmPackage.fromPackage(in);
                loaded.add(npm.name() + "#" + npm.version());
                dependencies.addAll(npm.dependencies());
                var folder = npm.getFolders().get("package");
                for (String name : folder.listFiles()) {
                    if (name.endsWith(".json") && !name.equals("package.json") && !name.startsWith(".")) {
                        try {
                            packages.addResource(
                                    parser.parseResource(new String(folder.fetchFile(name), StandardCharsets.UTF_8)));
                        } catch (RuntimeException notAConformanceResource) {
                            // examples and resource types the validator does not need
                        }
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read a FHIR IG package", e);
            } catch (Exception e) {
                throw new IllegalStateException("cannot read a FHIR IG package", e);
            }
        }
        UnknownCodeSystemWarningValidationSupport unknownCodeSystems =
                new UnknownCodeSystemWarningValidationSupport(fhirContext);
        unknownCodeSystems.setNonExistentCodeSystemSeverity(IValidationSupport.IssueSeverity.WARNING);
        List<IValidationSupport> supports = new ArrayList<>(served);
        supports.addAll(List.of(
                packages,
                new DefaultProfileValidationSupport(fhirContext),
                new CommonCodeSystemsTerminologyService(fhirContext),
                new InMemoryTerminologyServerValidationSupport(fhirContext),
                new SnapshotGeneratingValidationSupport(fhirContext),
                unknownCodeSystems));
        ValidationSupportChain chain = new ValidationSupportChain(supports.toArray(IValidationSupport[]::new));
        this.validator = fhirContext.newValidator().registerValidatorModule(new FhirInstanceValidator(chain));
    }

    /** Whether the packages define this profile (a canonical URL, optionally {@code |version}). */
    public boolean knows(String profile) {
        String url = profile.contains("|") ? profile.substring(0, profile.indexOf('|')) : profile;
        return packages.fetchStructureDefinition(url) != null;
    }

    /**
     * Packages the loaded ones depend on (name#version) that were not loaded, FHIR core aside (the validator has it).
     * Profiles of theirs cannot be checked: e.g. SDC 4.0.0-ballot's QuestionnaireResponse profiles slice extensions
     * defined in {@code hl7.fhir.uv.extensions.r4#5.1.0}.
     */
    public List<String> missingDependencies() {
        Set<String> loadedNames = new TreeSet<>();
        loaded.forEach(p -> loadedNames.add(p.substring(0, p.indexOf('#'))));
        return dependencies.stream()
                .filter(d -> !loadedNames.contains(d.substring(0, d.indexOf('#'))))
                .filter(d -> !d.startsWith("hl7.fhir.r4.core#") && !d.startsWith("hl7.fhir.r4.examples#"))
                .toList();
    }

    /**
     * Error (and fatal) messages of validating {@code resource} against {@code profile}; empty when it conforms. A
     * slice whose profile the packages do not hold (such as SDC's optional extension slices, defined in a
     * {@linkplain #missingDependencies() missing dependency}) cannot be evaluated: the validator's gap, not the
     * resource's fault, so it is not counted; the resource's own elements and extensions are still checked.
     */
    public List<String> errors(IBaseResource resource, String profile) {
        ValidationOptions options =
                profile == null ? new ValidationOptions() : new ValidationOptions().addProfile(profile);
        return validator.validateWithResult(resource, options).getMessages().stream()
                .filter(m -> m.getSeverity().ordinal() >= ResultSeverityEnum.ERROR.ordinal())
                .filter(m -> m.getMessage() == null || !m.getMessage().contains(UNRESOLVED_PROFILE))
                .map(ProfileValidator::describe)
                .toList();
    }

    private static String describe(SingleValidationMessage m) {
        return "%s %s: %s".formatted(m.getSeverity(), m.getLocationString(), m.getMessage());
    }
}
