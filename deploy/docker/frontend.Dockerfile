# syntax=docker/dockerfile:1
# The frontend image: the static `todo-web` binary, which serves the built chat
# UI (web/dist) and proxies /api and /mcp to BACKEND_URL, plus the UI files.
# No shell, no libc, no nginx; a numeric non-root user.
#
# ARTIFACTS chooses where the binary and the UI come from (see backend.Dockerfile):
#   build     (default) a Node stage runs `npm ci && npm run build` in web/ and
#             a Rust stage compiles todo-web;
#   prebuilt  host-built files staged under deploy/docker/prebuilt/ by
#             scripts/images.sh; podman then pulls neither Node nor Rust.
ARG ARTIFACTS=build

# ---- ui: the React bundle ---------------------------------------------------
# Node 20 is what the UI is developed and tested with.
FROM docker.io/library/node:20.20.2-bookworm-slim AS ui
WORKDIR /web
# Dependency layer: only the manifests, so editing the UI reuses node_modules.
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

# ---- server: a fully static todo-web -----------------------------------------
FROM docker.io/library/rust:1.95.0-bookworm AS server
WORKDIR /src
ENV RUSTFLAGS="-C target-feature=+crt-static" \
    CARGO_TERM_COLOR=never
# Dependency layer with empty sources; every workspace member's manifest must
# be listed (tests/test_images.py checks it against Cargo.toml).
# cargo-auditable embeds the binary's crate list, which SBOM tools and scanners
# (trivy, grype) read; the version scripts/cargo-tools.sh pins.
RUN cargo install --locked cargo-auditable@0.7.7
COPY Cargo.toml Cargo.lock ./
COPY crates/todo-core/Cargo.toml crates/todo-core/
COPY crates/todo-store/Cargo.toml crates/todo-store/
COPY crates/todo-serve/Cargo.toml crates/todo-serve/
COPY crates/todo-api/Cargo.toml crates/todo-api/
COPY crates/todo-web/Cargo.toml crates/todo-web/
RUN for crate in crates/*/; do \
        mkdir -p "${crate}src" && touch "${crate}src/lib.rs" && echo 'fn main() {}' > "${crate}src/main.rs"; \
    done \
    && cargo build --release --locked --target x86_64-unknown-linux-gnu -p todo-web
COPY crates/ crates/
# COPY keeps older mtimes than the stubs: touch so cargo rebuilds the real code.
RUN find crates -name '*.rs' -exec touch {} + \
    && cargo auditable build --release --locked --target x86_64-unknown-linux-gnu -p todo-web

# ---- build: both, laid out as the final stage expects -------------------------
FROM scratch AS build
COPY --from=server /src/target/x86_64-unknown-linux-gnu/release/todo-web /out/todo-web
COPY --from=ui /web/dist /out/dist

# ---- prebuilt: host-built files from the build context ------------------------
FROM scratch AS prebuilt
COPY deploy/docker/prebuilt/todo-web /out/todo-web
COPY deploy/docker/prebuilt/dist /out/dist

# hadolint ignore=DL3006
FROM ${ARTIFACTS} AS artifacts

# ---- the image ------------------------------------------------------------------
FROM scratch
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG SOURCE=https://github.com/todo-chatbot/todo-chatbot
LABEL org.opencontainers.image.title="todo-chatbot-frontend" \
      org.opencontainers.image.description="Todo Chatbot web UI and API proxy" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="MIT"
COPY --from=artifacts /out/todo-web /usr/local/bin/todo-web
COPY --from=artifacts /out/dist /srv/dist
# BACKEND_URL has no useful default in a container: the chart and `podman run`
# set it. Nothing is written at run time: the root file system can be read-only.
ENV WEB_HOST=0.0.0.0 \
    WEB_PORT=8080 \
    STATIC_DIR=/srv/dist \
    LOG_FORMAT=json
USER 65532:65532
EXPOSE 8080
# todo-web fails /ready, drains for DRAIN_DELAY, then finishes in-flight
# requests (proxied ones included) on SIGTERM.
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=10s --timeout=5s --start-period=5s --retries=3 \
    CMD ["/usr/local/bin/todo-web", "healthcheck"]
ENTRYPOINT ["/usr/local/bin/todo-web"]
