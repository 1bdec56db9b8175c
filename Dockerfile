# syntax=docker/dockerfile:1.7
# Builds and runs the coverage rules server. Used by docker-compose.yml; needs a Docker engine with BuildKit (the
# default since Docker 23). Written and reviewed without a Docker engine: it has not been built here.
#
# The FHIR IG packages the server validates QuestionnaireResponses with (README, "Two commands") are never in the
# repository; name their folder when building, as the tests read them:
#   docker build --build-context fhir-packages=../shared/fhir-packages -t coverage-rules-server .
# (docker compose: FHIR_PACKAGES_DIR, default ../shared/fhir-packages). Without them the Maven build fails and says
# so. To build an image that validates against base FHIR only, ask for it: --build-arg FHIR_PACKAGES_OPTIONAL=true.

# Empty: replaced by the folder named with --build-context fhir-packages=<folder>.
FROM scratch AS fhir-packages

FROM maven:3.9-eclipse-temurin-17 AS build
ARG FHIR_PACKAGES_OPTIONAL=false
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q -Dfhir.packages.optional=true dependency:go-offline
COPY src src
COPY cql cql
COPY fhir-resources fhir-resources
# The packages are read from the mounted folder and copied into the jar (classpath:fhir-packages), as in `mvn package`.
RUN --mount=type=bind,from=fhir-packages,target=/fhir-packages \
    mvn -B -q -DskipTests -Dfhir.packages.dir=/fhir-packages -Dfhir.packages.optional=${FHIR_PACKAGES_OPTIONAL} package

FROM eclipse-temurin:17-jre
# curl for the HEALTHCHECK, installed rather than assumed from the base image; the check runs it directly (exec
# form), with no shell in between.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 crd \
    && install -d -o crd /app /app/data
USER crd
WORKDIR /app
COPY --from=build /src/target/coverage-rules-server.jar app.jar
# 8080: CDS Hooks, FHIR, health. 8081: management (metrics, info, health in full); publish it to operators only.
EXPOSE 8080 8081
ENV JAVA_TOOL_OPTIONS="-Xmx512m"
# Ready = content loaded, CQL compiled, warmed up (Spring Boot's readiness group, /readyz on the main port).
HEALTHCHECK --interval=10s --timeout=3s --start-period=120s --retries=3 \
    CMD ["curl", "--fail", "--silent", "--show-error", "--max-time", "2", "--output", "/dev/null", "http://127.0.0.1:8080/readyz"]
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
