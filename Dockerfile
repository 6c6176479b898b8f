# kpool: one image for every role; the command picks the role.
#
#   docker build -t kpool:latest .
#   docker run --rm kpool:latest --help
#   docker run --rm kpool:latest dispatcher --bootstrap kafka:9092 --id d1 --health-file /tmp/kpool-health
#   docker run --rm kpool:latest supervisor --bootstrap kafka:9092 --workers 4 --health-file /tmp/kpool-health
#
# The supervisor starts its workers as child processes of itself, inside the same container,
# with the same java and the same jar: size the container for all of them (see k8s/).
# JVM options: JAVA_TOOL_OPTIONS for the role itself (e.g. -Xmx256m), KPOOL_WORKER_JAVA_OPTS for
# the workers a supervisor starts (default: -Xms16m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError).

# ---- build: the shaded jar, modules/cli/target/kpool.jar ----
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src

# The poms first: this layer downloads the dependencies and plugins (a build of empty modules) and
# stays cached until a pom changes. Maven needs every module's pom listed in the parent pom,
# even the ones -pl/-am do not build. (DeploymentFilesTest checks this list against pom.xml.)
COPY pom.xml ./
COPY modules/protocol/pom.xml modules/protocol/
COPY modules/core/pom.xml modules/core/
COPY modules/transport/pom.xml modules/transport/
COPY modules/embedded-kafka/pom.xml modules/embedded-kafka/
COPY modules/dispatcher/pom.xml modules/dispatcher/
COPY modules/worker/pom.xml modules/worker/
COPY modules/supervisor/pom.xml modules/supervisor/
COPY modules/client/pom.xml modules/client/
COPY modules/bench/pom.xml modules/bench/
COPY modules/cli/pom.xml modules/cli/
COPY modules/integration-tests/pom.xml modules/integration-tests/
RUN mvn -B -q -DskipTests -pl modules/cli -am package

# Then the sources, and the real build.
COPY modules/ modules/
RUN mvn -B -q -DskipTests -pl modules/cli -am package

# ---- run: a JRE, the jar, a non-root user ----
FROM eclipse-temurin:17-jre

# procps: kill(1) (the supervisor sends signals other than TERM/KILL through it) and ps, to look
# at a supervisor's workers with `docker exec` / `kubectl exec`.
RUN apt-get update \
    && apt-get install -y --no-install-recommends procps \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 kpool \
    && useradd --system --uid 10001 --gid kpool --home-dir /opt/kpool --no-create-home \
         --shell /usr/sbin/nologin kpool

COPY --from=build /src/modules/cli/target/kpool.jar /opt/kpool/kpool.jar

# Numeric, so that Kubernetes' runAsNonRoot can verify it.
USER 10001:10001
WORKDIR /tmp

# No ports: kpool's roles only talk to Kafka. Liveness: --health-file FILE is touched every second.
ENTRYPOINT ["java", "-XX:+UseSerialGC", "-jar", "/opt/kpool/kpool.jar"]
CMD ["--help"]
