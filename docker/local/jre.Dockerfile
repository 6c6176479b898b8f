# kpool-local/jre:17 — a stand-in for eclipse-temurin:17-jre on machines that reach no image
# registry: Debian bookworm (kpool-local/debian:bookworm, made by debootstrap) with Debian's
# OpenJDK 17 JRE. Built by scripts/docker-local.sh; never pushed anywhere.
ARG BASE_IMAGE=kpool-local/debian:bookworm
FROM ${BASE_IMAGE}
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jre-headless \
    && rm -rf /var/lib/apt/lists/*
