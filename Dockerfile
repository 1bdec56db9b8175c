# Builds and runs the coverage rules server. Used by docker-compose.yml; needs a Docker engine.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
RUN mvn -B -q dependency:go-offline
COPY src src
COPY cql cql
COPY fhir-resources fhir-resources
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 crd
USER crd
WORKDIR /app
COPY --from=build /src/target/coverage-rules-server.jar app.jar
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-Xmx512m"
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s CMD ["sh", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q UP <&3"]
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
