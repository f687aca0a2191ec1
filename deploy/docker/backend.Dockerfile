# syntax=docker/dockerfile:1
# The backend image: the static `todo-api` binary, CA certificates and nothing
# else (no shell, no libc, no package manager), running as a numeric non-root
# user, with its SQLite file in the /data volume by default.
#
# Two targets, the same image from two sources of the binary:
#   docker build -f deploy/docker/backend.Dockerfile .          (or podman build)
#       the default (the last stage) compiles it in the Rust stage: what a
#       Docker user and CI with registry access do.
#   podman build --target prebuilt -f deploy/docker/backend.Dockerfile .
#       takes a binary built on the host (scripts/images.sh stages it under
#       deploy/docker/prebuilt/). The Rust stage is not needed, so it is
#       skipped and its image never pulled: this is how images are built where
#       no registry can be reached.
# Each target names its source stage itself. A stage chosen by a build
# argument (`FROM ${ARTIFACTS}`) is what buildah 1.28 (podman 4.3) skips when
# the argument keeps its default ("build: image not known").

# ---- build: compile a fully static binary ---------------------------------
# Pinned to the toolchain the workspace is tested with (rust-version is 1.88).
FROM docker.io/library/rust:1.95.0-bookworm AS build
WORKDIR /src
ENV CARGO_TERM_COLOR=never
# cargo-auditable embeds the binary's crate list, which SBOM tools and scanners
# (trivy, grype) read; the version scripts/cargo-tools.sh pins. Installed
# before RUSTFLAGS is set: crt-static without --target would apply to its
# proc macros too, which cannot be static.
RUN cargo install --locked cargo-auditable@0.7.7
# crt-static with an explicit --target links glibc statically into the binary
# while build scripts and proc macros stay dynamic (they run on the builder);
# pack-relative-relocs stores its relocations compactly (scripts/static-build.sh).
ENV RUSTFLAGS="-C target-feature=+crt-static -C link-arg=-Wl,-z,pack-relative-relocs"
# Dependency layer: the manifests and the lock file only, with empty sources,
# so that editing the code does not rebuild the ~300 dependencies. Every
# workspace member's manifest must be here (cargo refuses a workspace with a
# missing member); deploy/tests/test_static.py checks this list against Cargo.toml.
COPY Cargo.toml Cargo.lock ./
COPY crates/todo-core/Cargo.toml crates/todo-core/
COPY crates/todo-store/Cargo.toml crates/todo-store/
COPY crates/todo-serve/Cargo.toml crates/todo-serve/
COPY crates/todo-api/Cargo.toml crates/todo-api/
COPY crates/todo-web/Cargo.toml crates/todo-web/
RUN for crate in crates/*/; do \
        mkdir -p "${crate}src" && touch "${crate}src/lib.rs" && echo 'fn main() {}' > "${crate}src/main.rs"; \
    done \
    && cargo build --release --locked --target x86_64-unknown-linux-gnu -p todo-api
# The real sources. COPY keeps the files' own mtimes, which can be older than
# the stubs just built: touch them so cargo sees that they changed.
COPY crates/ crates/
RUN find crates -name '*.rs' -exec touch {} + \
    && cargo auditable build --release --locked --target x86_64-unknown-linux-gnu -p todo-api \
    && mkdir -p /out/rootfs/data /out/rootfs/tmp \
    && chmod 1777 /out/rootfs/tmp \
    && cp target/x86_64-unknown-linux-gnu/release/todo-api /out/todo-api \
    && cp /etc/ssl/certs/ca-certificates.crt /out/ca-certificates.crt

# ---- runtime: what the image is, whichever way its files come ---------------
FROM scratch AS runtime
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG SOURCE=https://github.com/todo-chatbot/todo-chatbot
LABEL org.opencontainers.image.title="todo-chatbot-backend" \
      org.opencontainers.image.description="Todo Chatbot API server (REST, chat, MCP)" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="MIT"
# Containers listen on every interface. The database: a SQLite file in the
# /data volume unless DATABASE_URL says otherwise (the chart sets a
# postgres:// URL); nothing else is written, so the root file system can be
# read-only. /tmp (1777) is for SQLite's temporary files, or a tmpfs over it.
# SSL_CERT_FILE: rustls-native-certs and friends look here.
ENV API_HOST=0.0.0.0 \
    API_PORT=8080 \
    DATABASE_URL=sqlite:///data/todos.db \
    LOG_FORMAT=json \
    SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt
# 65532: the conventional "nonroot" uid/gid of distroless images; numeric so
# that Kubernetes' runAsNonRoot can verify it without an /etc/passwd.
USER 65532:65532
EXPOSE 8080
# The server fails /ready, drains for DRAIN_DELAY, then finishes in-flight
# requests on SIGTERM (the default signal, stated for clarity).
STOPSIGNAL SIGTERM
# Docker format only (podman build --format docker); Kubernetes ignores it and
# uses the chart's probes.
HEALTHCHECK --interval=10s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/usr/local/bin/todo-api", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/todo-api"]

# ---- prebuilt: the image from host-built files (--target prebuilt) ------------
FROM runtime AS prebuilt
# /data and /tmp, owned by the image's user (scripts/images.sh stages them).
COPY --chown=65532:65532 deploy/docker/prebuilt/rootfs/ /
COPY deploy/docker/prebuilt/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY deploy/docker/prebuilt/todo-api /usr/local/bin/todo-api
VOLUME ["/data"]

# ---- the image (the default target): from the build stage ---------------------
FROM runtime
COPY --from=build --chown=65532:65532 /out/rootfs/ /
COPY --from=build /out/ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
COPY --from=build /out/todo-api /usr/local/bin/todo-api
VOLUME ["/data"]
