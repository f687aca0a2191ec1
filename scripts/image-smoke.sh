# shellcheck shell=bash
# Sourced by scripts/images.sh and scripts/images-from-source.sh: run the two
# images side by side on a network of their own (the frontend reaches the
# backend by the alias the chart's Service has) and wait for their answers.
# The caller defines die().

# start_images TAG NAME [ARG...]: starts NAME-backend and NAME-frontend
# from the images of TAG, read-only, on network NAME, each published on a
# loopback port; the arguments after NAME go to both `podman run`s.
# Sets backend, frontend, backend_url and frontend_url (the caller's to use);
# removes it all on exit.
start_images() {
    local tag=$1
    images_net=$2
    shift 2
    backend=$images_net-backend
    frontend=$images_net-frontend
    trap stop_images EXIT
    podman network create "$images_net" >/dev/null
    podman run -d --name "$backend" --network "$images_net:alias=todo-chatbot-backend" --read-only --health-interval disable \
        "$@" -p 127.0.0.1::8080 "todo-chatbot-backend:$tag" >/dev/null
    # BACKEND_URL is the one setting the frontend has no default for.
    podman run -d --name "$frontend" --network "$images_net" --read-only --health-interval disable \
        "$@" -e BACKEND_URL=http://todo-chatbot-backend:8080 -p 127.0.0.1::8080 "todo-chatbot-frontend:$tag" >/dev/null
    # shellcheck disable=SC2034 # the caller's
    backend_url=http://$(podman port "$backend" 8080/tcp)
    # shellcheck disable=SC2034 # the caller's
    frontend_url=http://$(podman port "$frontend" 8080/tcp)
}

stop_images() {
    podman rm -f -v -t 0 "$backend" "$frontend" >/dev/null 2>&1 || true
    podman network rm -f "$images_net" >/dev/null 2>&1 || true
}

# wait_200 URL [SECONDS]: GET URL until it answers 200 (10 s unless told); prints the body.
wait_200() {
    local i
    for ((i = 0; i < ${2:-10} * 10; i++)); do
        if curl -fsS --max-time 2 "$1" 2>/dev/null; then return 0; fi
        sleep 0.1
    done
    return 1
}

# report_failure CONTAINER WHAT: the container's log, then die.
report_failure() {
    podman logs "$1" >&2 || true
    die "$2"
}
