# Todo Chatbot: the everyday commands. Each target is one line of intent;
# the scripts behind them say more.
.PHONY: run build test bench fmt lint clean-data

# The app on http://localhost:8080: todo-web (UI, proxy) in front of todo-api
# with SQLite in data/todos.db, no login, loopback only (scripts/run.sh).
run:
	@bash scripts/run.sh

# The shipped binaries (fat LTO: slow to build, fast to run).
build:
	cargo build --release --locked -p todo-api -p todo-web

# All tests, against SQLite and a private PostgreSQL (scripts/test.sh).
test:
	bash scripts/test.sh

# Throughput, latency, start time and memory figures (bench/run.sh, see docs/performance.md).
bench:
	@bash bench/run.sh

fmt:
	cargo fmt --all

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets --profile ci --locked -- -D warnings

# Remove the local database and the shared test cluster.
clean-data:
	rm -rf data
	bash scripts/postgres.sh stop /tmp/todo-chatbot-test-pg
	rm -rf /tmp/todo-chatbot-test-pg
