#!/usr/bin/env bash
# The MCP server against clients nobody here wrote: the official MCP Python
# SDK drives /mcp over Streamable HTTP (single-user and accounts mode) and
# `todo-api mcp` over stdio (local, and as a bridge), and every tool schema
# is checked against the JSON Schema 2020-12 metaschema. The tests start
# their own servers from BINARY (crates/todo-api/tests/mcp_clients/).
#
#   scripts/mcp-clients.sh [BINARY] [pytest options...]   # BINARY: default target/ci/todo-api
#
# MCP_CLIENTS_VENV chooses the venv (default /tmp/todo-chatbot-mcp-clients-venv);
# it is made or updated only when the requirements change.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
binary=$(realpath "${1:-$root/target/ci/todo-api}")
shift $(($# > 0 ? 1 : 0))
tests=$root/crates/todo-api/tests/mcp_clients
venv=$(bash "$root/deploy/scripts/venv.sh" "$tests/requirements.txt" "${MCP_CLIENTS_VENV:-/tmp/todo-chatbot-mcp-clients-venv}")

"$venv/bin/python" -m pytest -q -p no:cacheprovider --rootdir "$tests" "$tests" --binary "$binary" "$@"
