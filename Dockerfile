# kpool: one image for every role; the command picks the role.
#
#   docker build -t kpool:latest .
#   docker run --rm kpool:latest --help
#   docker run --rm kpool:latest dispatcher --bootstrap kafka:9092 --id d1 --http-port 8080
#   docker run --rm kpool:latest supervisor --bootstrap kafka:9092 --workers 4 --http-port 8080
#
# The supervisor starts its workers as child processes of itself, inside the same container,
# with the same java and the same jar: size the container for all of them (see k8s/).
# JVM options: KPOOL_JAVA_OPTS for the role itself (default -Xmx256m -XX:+UseSerialGC
# -XX:+ExitOnOutOfMemoryError), KPOOL_WORKER_JAVA_OPTS for the workers a supervisor starts
# (default -Xms16m -Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:+ExitOnOutOfMemoryError).
#
# The base images are build arguments; the defaults are the official images, pinned by digest.
# Where no registry answers, scripts/docker-local.sh builds local stand-ins and
# `export $(scripts/docker-local.sh env)` hands them to docker-compose (KPOOL_BUILD_IMAGE,
# KPOOL_RUNTIME_IMAGE), or: docker build --build-arg KPOOL_BUILD_IMAGE=... --build-arg KPOOL_RUNTIME_IMAGE=... .
# An empty KPOOL_*_IMAGE (what docker-compose passes when the variable is unset) means the default.
ARG KPOOL_BUILD_IMAGE=
ARG KPOOL_RUNTIME_IMAGE=
ARG DEFAULT_BUILD_IMAGE=maven:3.9.16-eclipse-temurin-17@sha256:1a352420f7aba21f5ad08df31bab55f74c013fb491f1ae8ab1dd7ff9ed698584
ARG DEFAULT_RUNTIME_IMAGE=eclipse-temurin:17-jre-noble@sha256:900322f4cc1b9da9d730ae4bb56d8a1dabbaa9cfa32809fc8b542b600370a045

# ---- build: the shaded jar, modules/cli/target/kpool.jar ----
FROM ${KPOOL_BUILD_IMAGE:-$DEFAULT_BUILD_IMAGE} AS build
# Marks the build stage's image, which Docker's classic builder keeps (untagged) as a cache:
# scripts/docker-local.sh removes those older than a day.
LABEL io.kpool.stage=build
WORKDIR /src

# The poms first: this layer downloads the dependencies and plugins (a build of empty modules) and
# stays cached until a pom changes. Maven needs every module's pom listed in the parent pom,
# even the ones -pl/-am do not build. (DeploymentFilesTest checks this list against pom.xml.)
COPY pom.xml ./
COPY modules/testkit/pom.xml modules/testkit/
COPY modules/protocol/pom.xml modules/protocol/
COPY modules/core/pom.xml modules/core/
COPY modules/transport/pom.xml modules/transport/
COPY modules/observe/pom.xml modules/observe/
COPY modules/embedded-kafka/pom.xml modules/embedded-kafka/
COPY modules/dispatcher/pom.xml modules/dispatcher/
COPY modules/worker/pom.xml modules/worker/
COPY modules/supervisor/pom.xml modules/supervisor/
COPY modules/client/pom.xml modules/client/
COPY modules/bench/pom.xml modules/bench/
COPY modules/dashboard/pom.xml modules/dashboard/
COPY modules/cli/pom.xml modules/cli/
COPY modules/integration-tests/pom.xml modules/integration-tests/
RUN mvn -B -q -DskipTests -pl modules/cli -am package

# Then the sources, and the real build.
COPY modules/ modules/
RUN mvn -B -q -DskipTests -pl modules/cli -am package

# ---- run: a JRE, the jar, an init process, a non-root user ----
FROM ${KPOOL_RUNTIME_IMAGE:-$DEFAULT_RUNTIME_IMAGE}
ARG KPOOL_RUNTIME_IMAGE
ARG DEFAULT_RUNTIME_IMAGE
ARG VERSION=0.1.0-SNAPSHOT
ARG REVISION=unknown
ARG CREATED=unknown
LABEL org.opencontainers.image.title="kpool" \
      org.opencontainers.image.description="A supervised worker pool over Kafka: dispatcher, supervisor and worker processes; the command picks the role." \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.base.name="${KPOOL_RUNTIME_IMAGE:-$DEFAULT_RUNTIME_IMAGE}"

# tini: PID 1 reaps what the roles leave (a supervisor's worker JVMs are its own children, but
# kill(1) and other short-lived helpers are not) and passes SIGTERM on for a clean drain.
# procps: kill(1) (the supervisor sends signals other than TERM/KILL through it) and ps, to look
# at a supervisor's workers with `docker exec` / `kubectl exec`.
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends procps tini \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 kpool \
    && useradd --system --uid 10001 --gid kpool --home-dir /opt/kpool --no-create-home \
         --shell /usr/sbin/nologin kpool

COPY --from=build /src/modules/cli/target/kpool.jar /opt/kpool/kpool.jar
COPY docker/kpool/kpool /opt/kpool/bin/kpool
# `docker exec <container> kpool status` and the like.
ENV PATH=/opt/kpool/bin:$PATH

# Numeric, so that Kubernetes' runAsNonRoot can verify it.
USER 10001:10001
WORKDIR /tmp

# A role opens a port only with --http-port: /metrics (Prometheus), /healthz, /readyz.
EXPOSE 8080
ENTRYPOINT ["/usr/bin/tini", "--", "/opt/kpool/bin/kpool"]
CMD ["--help"]
