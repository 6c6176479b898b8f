# kpool-local/maven:3-jdk17 — a stand-in for maven:3.9-eclipse-temurin-17 on machines that reach
# no image registry: Debian bookworm with Debian's OpenJDK 17 JDK and Maven (3.8.7), which fetches
# from Maven Central like the official image. Built by scripts/docker-local.sh; never pushed anywhere.
ARG BASE_IMAGE=kpool-local/debian:bookworm
FROM ${BASE_IMAGE}
RUN apt-get update \
    && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends openjdk-17-jdk-headless maven \
    && rm -rf /var/lib/apt/lists/*
