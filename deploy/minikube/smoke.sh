#!/usr/bin/env bash
# End-to-end check of a running release through the frontend, the way the
# browser goes: /health and /ready of todo-web, then a new account (signup)
# and one chat message through the UI's /api proxy with the Bearer token.
#
#   deploy/minikube/smoke.sh
#   URL=http://192.168.49.2:30001 deploy/minikube/smoke.sh    a URL of your own
#
# Without URL it opens `kubectl port-forward` to the frontend Service on
# LOCAL_PORT (default 18080) and closes it at the end (works with every
# minikube driver; `minikube service --url` keeps a tunnel open on some).
# Each run creates a user "smoke-<time>" with a random password and one todo
# (accounts mode has no delete-account route); they are harmless test data.
set -euo pipefail
# shellcheck source=deploy/minikube/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

need curl
url=${URL:-}
forward_pid=
cleanup() {
    if [[ -n $forward_pid ]]; then
        kill "$forward_pid" 2>/dev/null || true
    fi
}
trap cleanup EXIT

if [[ -z $url ]]; then
    need kubectl
    port=${LOCAL_PORT:-18080}
    kubectl -n "$namespace" port-forward svc/todo-chatbot-frontend "$port:80" >/dev/null &
    forward_pid=$!
    url=http://127.0.0.1:$port
    for _ in $(seq 1 50); do
        curl -fsS -o /dev/null "$url/health" 2>/dev/null && break
        sleep 0.2
    done
fi
url=${url%/}

fail() {
    echo "smoke.sh: FAILED: $*" >&2
    exit 1
}

step "GET $url/health"
curl -fsS "$url/health" | grep -q '"UP"' || fail "/health"
step "GET $url/ready"
curl -fsS "$url/ready" | grep -q '"ready"' || fail "/ready"

user="smoke-$(date +%s)"
password=$(head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 24)
step "POST /api/v1/auth/signup as $user"
signup=$(curl -sS -w '\n%{http_code}' -H 'Content-Type: application/json' \
    -d "{\"username\":\"$user\",\"password\":\"$password\"}" "$url/api/v1/auth/signup")
[[ ${signup##*$'\n'} == 201 ]] || fail "signup answered ${signup##*$'\n'}: ${signup%$'\n'*}"
token=$(printf '%s' "${signup%$'\n'*}" | sed -n 's/.*"token" *: *"\([^"]*\)".*/\1/p')
[[ -n $token ]] || fail "no token in the signup answer"

step "POST /api/v1/chat with the Bearer token"
chat=$(curl -sS -w '\n%{http_code}' -H 'Content-Type: application/json' \
    -H "Authorization: Bearer $token" \
    -d '{"message":"add buy milk tomorrow at 9am","conversation_id":null}' "$url/api/v1/chat")
[[ ${chat##*$'\n'} == 200 ]] || fail "chat answered ${chat##*$'\n'}: ${chat%$'\n'*}"
printf '%s\n' "${chat%$'\n'*}" | grep -q '"intent" *: *"add"' || fail "the chat did not add a todo: ${chat%$'\n'*}"
printf '%s\n' "${chat%$'\n'*}" | sed -n 's/.*"reply" *: *"\([^"]*\)".*/   reply: \1/p'

step "GET /api/v1/todos"
curl -fsS -H "Authorization: Bearer $token" "$url/api/v1/todos" | grep -qi 'milk' || fail "the todo is not listed"
step "smoke test passed ($url)"
