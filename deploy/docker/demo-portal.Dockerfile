# The bundled demo portal (profile "demo"), from the local-run module's build output.
# Build context: the repository root, after ./mvnw -DskipTests package.
# JRE_IMAGE: any image with a Java 17 runtime on PATH, bash, groupadd/useradd (the default is the operators' one).
ARG JRE_IMAGE=eclipse-temurin:17-jre-jammy
FROM ${JRE_IMAGE}
RUN groupadd --system gongkai \
    && useradd --system --gid gongkai --home-dir /app --shell /usr/sbin/nologin gongkai
WORKDIR /app
COPY deploy/local/target/lib/ lib/
COPY deploy/local/target/classes/ classes/
USER gongkai
EXPOSE 18080
HEALTHCHECK --interval=10s --timeout=3s --retries=5 \
  CMD bash -c 'exec 3<>/dev/tcp/127.0.0.1/18080' || exit 1
# 0.0.0.0: other containers (ingest-service) reach it on the Compose network; the port is not published.
ENTRYPOINT ["java", "-Xmx64m", "-cp", "classes:lib/*", "org.gongkai.local.DemoPortal", "18080", "0.0.0.0"]
