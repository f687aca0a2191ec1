# Todo Chatbot: the everyday commands. Each target is one line of intent;
# the scripts behind them say more.
.PHONY: run build test bench fmt lint clean-data

# Local run: one process on loopback, no login, the server's default SQLite
# database (data/todos.db under this folder).
API_PORT ?= 8080

# Build the release server and run it on http://127.0.0.1:$(API_PORT).
run: build
	@mkdir -p data
	@echo "Todo Chatbot API: http://127.0.0.1:$(API_PORT)  (data in data/; Ctrl-C stops it)"
	API_PORT=$(API_PORT) ./target/release/todo-api

# The shipped binaries (fat LTO: slow to build, fast to run).
build:
	cargo build --release --locked -p todo-api

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
