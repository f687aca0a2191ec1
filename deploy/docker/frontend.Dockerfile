# syntax=docker/dockerfile:1
# The frontend image: the static `todo-web` binary, which serves the built chat
# UI (web/dist) and proxies /api and /mcp to BACKEND_URL, plus the UI files.
# No shell, no libc, no nginx; a numeric non-root user.
#
# Two targets, as in backend.Dockerfile:
#   (default, the last stage) a Node stage runs `npm ci && npm run build` in
#             web/ and a Rust stage compiles todo-web;
#   --target prebuilt  host-built files staged under deploy/docker/prebuilt/
#             by scripts/images.sh; podman then pulls neither Node nor Rust.

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
ENV CARGO_TERM_COLOR=never
# cargo-auditable embeds the binary's crate list, which SBOM tools and scanners
# (trivy, grype) read; the version scripts/cargo-tools.sh pins. Installed
# before RUSTFLAGS is set: crt-static without --target would apply to its
# proc macros too, which cannot be static.
RUN cargo install --locked cargo-auditable@0.7.7
ENV RUSTFLAGS="-C target-feature=+crt-static -C link-arg=-Wl,-z,pack-relative-relocs"
# Dependency layer with empty sources; every workspace member's manifest must
# be listed (deploy/tests/test_static.py checks it against Cargo.toml).
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

# ---- runtime: what the image is, whichever way its files come ------------------
FROM scratch AS runtime
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG SOURCE=https://github.com/todo-chatbot/todo-chatbot
LABEL org.opencontainers.image.title="todo-chatbot-frontend" \
      org.opencontainers.image.description="Todo Chatbot web UI and API proxy" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.licenses="MIT"
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

# ---- prebuilt: the image from host-built files (--target prebuilt) --------------
FROM runtime AS prebuilt
COPY deploy/docker/prebuilt/todo-web /usr/local/bin/todo-web
COPY deploy/docker/prebuilt/dist /srv/dist

# ---- the image (the default target): from the build stage -----------------------
FROM runtime
COPY --from=build /out/todo-web /usr/local/bin/todo-web
COPY --from=build /out/dist /srv/dist
