# One image per Gongkai service, from the jar the Maven build made (./mvnw -DskipTests package).
# Build context: the repository root. Build argument SERVICE: ingest-service, enrich-service, index-service,
# search-service, or dead-letters (the operator tool, run with `docker-compose run`; MODULE=deploy/dead-letters).
# MODULE: the module's folder, when it is not the service's name.
# JRE_IMAGE: any image with a Java 17 runtime on PATH and apt; the default is the one operators get
# (deploy/compose-test passes a Debian-built one, as no registry is reachable there).
ARG JRE_IMAGE=eclipse-temurin:17-jre-jammy
FROM ${JRE_IMAGE} AS layers
ARG SERVICE
ARG MODULE=${SERVICE}
WORKDIR /build
COPY ${MODULE}/target/${SERVICE}.jar app.jar
# Spring Boot's layered extraction: dependencies change rarely, so image layers are reused across builds.
RUN java -Djarmode=tools -jar app.jar extract --layers --launcher --destination extracted

FROM ${JRE_IMAGE}
ARG SERVICE
LABEL org.opencontainers.image.title="gongkai-${SERVICE}"
# curl for the health check (skipped where the base image has it already).
RUN (command -v curl >/dev/null || (apt-get update \
        && apt-get install -y --no-install-recommends curl \
        && rm -rf /var/lib/apt/lists/*)) \
    && groupadd --system gongkai \
    && useradd --system --gid gongkai --home-dir /app --shell /usr/sbin/nologin gongkai
WORKDIR /app
COPY --from=layers /build/extracted/dependencies/ ./
COPY --from=layers /build/extracted/spring-boot-loader/ ./
COPY --from=layers /build/extracted/snapshot-dependencies/ ./
COPY --from=layers /build/extracted/application/ ./
USER gongkai
# Heap from the container's memory limit, not the host's.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=70 -XX:+ExitOnOutOfMemoryError"
EXPOSE 8080
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=5 \
  CMD curl -fsS "http://127.0.0.1:${SERVER_PORT:-8080}/actuator/health/readiness" || exit 1
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
