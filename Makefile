# Todo Chatbot: the everyday commands. Each target is one line of intent;
# the scripts behind them say more.
.PHONY: run build test bench scan fmt lint api-types clean-data images-from-source

# The app on http://localhost:8080: todo-web (UI, proxy) in front of todo-api
# with SQLite in data/todos.db, no login, loopback only (scripts/run.sh).
run:
	@bash scripts/run.sh

# The shipped binaries (fat LTO: slow to build, fast to run).
build:
	cargo build --release --locked -p todo-api -p todo-web

# All tests and lint gates, against SQLite and a private PostgreSQL, each step
# timed (scripts/test.sh). `make test ARGS='-p todo-core'` runs only those Rust tests.
test:
	bash scripts/test.sh $(ARGS)

# Throughput, latency, start time and memory figures (bench/run.sh, see docs/performance.md).
bench:
	@bash bench/run.sh

# Vulnerability scans (cargo deny advisories, npm audit, trivy or Docker Scout on
# both images and their SBOMs): needs network access to the advisory databases,
# which CI here lacks (scripts/scan.sh, docs/security.md).
scan:
	bash scripts/scan.sh

fmt:
	cargo fmt --all

# rustfmt, clippy, ESLint + tsc, ShellCheck, hadolint (scripts/lint.sh; make test runs them too).
lint:
	bash scripts/lint.sh

# Both images built the way a Docker user builds them (the Dockerfiles' Rust and
# Node stages), with local stand-ins for the base images, then run with their
# defaults and checked on /ready. Not part of `make test`: it compiles the
# release binaries inside containers, about ten minutes (scripts/images-from-source.sh).
images-from-source:
	bash scripts/images-from-source.sh

# Regenerate web/src/api/schema.ts from the server's OpenAPI document.
api-types:
	bash scripts/api-types.sh

# Remove the local database and the shared test cluster.
clean-data:
	rm -rf data
	bash scripts/postgres.sh stop /tmp/todo-chatbot-test-pg
	rm -rf /tmp/todo-chatbot-test-pg

# ---- Kubernetes on a local Minikube (deploy/minikube/, docs/kubernetes.md) ----
# Variables pass through to the scripts, e.g. `make minikube-up NODES=3`,
# `make minikube-deploy REPLICAS=3`, `make minikube-rollback REVISION=2`. Images
# are tagged with the work tree's git revision (deploy/minikube/tag.sh prints it).
.PHONY: minikube minikube-up minikube-build minikube-deploy minikube-smoke minikube-rollback minikube-down manifests

# All of the below in one go: a working app from a fresh Minikube.
minikube:
	bash deploy/minikube/up.sh

# minikube start (NODES=3 for three nodes) and the metrics-server addon.
minikube-up:
	bash deploy/minikube/start.sh

# Both images built once inside Minikube and loaded onto every node, tagged with
# the git short revision (<revision>-dirty-<hash> with uncommitted changes);
# fails when an image is missing on any node afterwards.
minikube-build:
	bash deploy/minikube/build.sh

# helm dependency build, helm upgrade --install --wait (values-dev.yaml) with the
# work tree's tag (IMAGE_TAG=<tag> for another build), helm test.
minikube-deploy:
	bash deploy/minikube/deploy.sh

# /health and /ready through the frontend, a new account and one chat message.
minikube-smoke:
	bash deploy/minikube/smoke.sh

# helm rollback to the previous revision (REVISION=n for another), after checking
# its images are still on every node; wait.
minikube-rollback:
	bash deploy/minikube/rollback.sh

# helm uninstall; keeps the database (deploy/minikube/down.sh --purge removes the
# volume, its data directory on the nodes and the Secret).
minikube-down:
	bash deploy/minikube/down.sh

# Regenerate deploy/manifests/todo-chatbot.yaml (plain kubectl manifests) from the charts.
manifests:
	bash deploy/scripts/render-manifests.sh
