"""A cluster simulation with podman: the chart's rendered backend and frontend
Deployments, ConfigMaps and Secret run as real containers with `podman kube play`,
from the locally built images, on one podman network.

What stands in for Kubernetes, and how faithfully:
- The backend Service: podman ignores Services, so the test runs one, a TCP
  proxy on the podman network's gateway (class Service). It plays the
  EndpointSlice controller and kube-proxy: it polls each backend pod's /ready
  every second, sends each new connection round-robin to a pod whose last
  answer was 200, and drops a pod from its endpoints at once when the pod is
  deleted. A draining pod (answering /ready 503 after SIGTERM) thus stops
  getting new connections within a second, as in a cluster, and what is
  measured is the app's own drain. The frontend's BACKEND_URL names the
  proxy's address instead of the Service's DNS name, the one rendered value
  the simulation changes.
- The NodePort: the frontend pod's port 8080 is published on 127.0.0.1:SIM_NODE_PORT.
- The kubelet's probes: podman does not run them; this test runs the startup,
  liveness and readiness probes of the rendered Deployment (paths, periods,
  thresholds) against the pod's IP, as the kubelet would.
- PostgreSQL: its image cannot be pulled here, so the pods use a PostgreSQL
  cluster on the host (scripts/postgres.sh), reached as host.containers.internal,
  through the chart's external-database mode (backend.secret.databaseUrl).
- A killed replica: `kubectl delete pod --force` done by hand (SIGKILL, the pod
  removed at once), and the ReplicaSet's replacement started.
- A rolling update: the Deployment controller's steps done by hand, in its order
  for maxSurge 1 / maxUnavailable 0: start a pod of the new revision, wait until
  it is ready, then stop an old one with SIGTERM and the pod's
  terminationGracePeriodSeconds.
- The backup CronJob: no controller runs it; the test runs its Job's pod once
  (`podman kube play` of the rendered pod template), with a host folder in
  place of its PVC, and restores the dump with the same image.

It does not prove: kube-proxy/EndpointSlice timing on a busy cluster (seconds
of propagation delay, which the chart's drainDelay must cover), NetworkPolicy enforcement,
PVC behaviour, the PostgreSQL StatefulSet, the HPA, or anything about a real
scheduler. Those are covered only by the rendering checks (test_charts.py).
"""

from __future__ import annotations

import collections
import fcntl
import http.client
import ipaddress
import json
import os
import re
import selectors
import socket
import subprocess
import threading
import time
import uuid
from pathlib import Path

import pytest
import yaml

import render

REPO = render.REPO
VERSION = re.search(r'^version = "(.+)"', (REPO / "Cargo.toml").read_text(), re.M).group(1)
TAG = os.environ.get("SIM_IMAGE_TAG", VERSION)
NEXT_TAG = os.environ.get("SIM_NEXT_TAG", f"{TAG}-next")
NODE_PORT = int(os.environ.get("SIM_NODE_PORT", "30001"))
PG_DIR = os.environ.get("SIM_PG_DIR", "/tmp/todo-chatbot-sim-pg")
PG_PORT = int(os.environ.get("SIM_PG_PORT", "55433"))
SUBNET = os.environ.get("SIM_SUBNET", "10.89.231.0/24")
NETWORK = f"todo-sim-{os.getpid()}"
# The podman network's gateway is the host, as seen from the pods: where the
# backend Service's stand-in listens.
GATEWAY = str(ipaddress.ip_network(SUBNET)[1])
# Seconds the old backend keeps serving after SIGTERM (the chart's default is 5;
# 3, the schema's minimum, keeps the test quick).
DRAIN_DELAY = float(os.environ.get("SIM_DRAIN_DELAY", "3"))
NAMESPACE = "todo"
# The chat turns' clock: a Tuesday morning in Berlin.
CHAT_NOW = "2026-03-10T09:00:00+01:00"


def podman(*args: str, check: bool = True, timeout: float = 120) -> subprocess.CompletedProcess:
    result = subprocess.run(["podman", "--runtime", "runc", *args], capture_output=True, text=True, timeout=timeout)
    if check and result.returncode != 0:
        raise AssertionError(f"podman {' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
    return result


def psql(sql: str, db: str = "postgres") -> str:
    bindir = subprocess.run(["bash", str(REPO / "scripts/postgres.sh"), "bindir"], capture_output=True, text=True, check=True).stdout.strip()
    result = subprocess.run([f"{bindir}/psql", "-h", "127.0.0.1", "-p", str(PG_PORT), "-U", "postgres", "-d", db, "-v", "ON_ERROR_STOP=1", "-Atc", sql],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


# ---- fixtures: images, PostgreSQL, the network ---------------------------------------


@pytest.fixture(scope="module")
def images():
    for repo in ("todo-chatbot-backend", "todo-chatbot-frontend"):
        for tag in (TAG, NEXT_TAG):
            exists = podman("image", "exists", f"{repo}:{tag}", check=False)
            assert exists.returncode == 0, f"{repo}:{tag} is missing: run EXTRA_TAGS={NEXT_TAG} scripts/images.sh first"


@pytest.fixture(scope="module")
def machine_lock():
    """One simulation per machine: the subnet, the node port and the
    PostgreSQL folder are fixed. A second run waits for the first."""
    with open("/tmp/todo-chatbot-sim.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@pytest.fixture(scope="module")
def network(machine_lock):
    podman("network", "create", "--subnet", SUBNET, "--gateway", GATEWAY, NETWORK)
    yield NETWORK
    # -f also removes the pods still attached to it.
    podman("network", "rm", "-f", NETWORK, check=False)


@pytest.fixture(scope="module")
def database_url(machine_lock):
    """A PostgreSQL cluster on the host for the pods: its own data folder and
    port, listening beyond loopback (the pods come from the podman bridge) and
    asking them for a password; trust stays limited to loopback."""
    script = str(REPO / "scripts/postgres.sh")
    subprocess.run(["bash", script, "install"], check=True)
    subprocess.run(["bash", script, "start", PG_DIR, str(PG_PORT)], check=True)
    conf = Path(PG_DIR) / "postgresql.conf"
    hba = Path(PG_DIR) / "pg_hba.conf"
    marker = "# todo-chatbot cluster simulation"
    if marker not in conf.read_text():
        with conf.open("a") as f:
            f.write(f"\n{marker}: the pods connect from {SUBNET}\nlisten_addresses = '*'\npassword_encryption = 'scram-sha-256'\n")
        with hba.open("a") as f:
            f.write(f"{marker}\nhost all all {SUBNET} scram-sha-256\n")
        subprocess.run(["bash", script, "stop", PG_DIR], check=True)
        subprocess.run(["bash", script, "start", PG_DIR, str(PG_PORT)], check=True)
    password = uuid.uuid4().hex
    database = f"sim_{uuid.uuid4().hex[:8]}"
    psql("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'todo_sim') THEN CREATE ROLE todo_sim LOGIN; END IF; END $$;")
    psql(f"ALTER ROLE todo_sim PASSWORD '{password}'")
    psql(f"CREATE DATABASE {database} OWNER todo_sim")
    yield f"postgres://todo_sim:{password}@host.containers.internal:{PG_PORT}/{database}"
    psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    # Stopped, not deleted: the next run reuses the configured cluster.
    subprocess.run(["bash", script, "stop", PG_DIR], check=True)


@pytest.fixture(scope="module")
def backend_service(machine_lock):
    service = Service(GATEWAY)
    yield service
    service.close()


@pytest.fixture(scope="module")
def manifests(charts, database_url, backend_service):
    """The umbrella chart rendered for the simulation: the images built here, an
    external database, everything else as in values-dev.yaml."""
    values = render.deep_merge(render.load_values(render.HELM_DIR / "todo-chatbot" / "values-dev.yaml"), {
        "postgresql": {"enabled": False},
        "backend": {"image": {"tag": TAG, "pullPolicy": "IfNotPresent"}, "secret": {"databaseUrl": database_url},
                    # Short drains keep the test quick; the mechanism is the same.
                    "config": {"drainDelay": DRAIN_DELAY, "shutdownTimeout": 5, "logLevel": "info"}},
        # The one rendered value the simulation changes: the frontend calls the
        # backend Service's stand-in, which has an address but no DNS name.
        "frontend": {"image": {"tag": TAG, "pullPolicy": "IfNotPresent"},
                     "config": {"logLevel": "info", "backendUrl": f"http://{GATEWAY}:{backend_service.port}"}},
        # The backup CronJob, as values-prod.yaml has it (its run: test_backup_job_dump_restores).
        "backup": {"enabled": True},
    })
    return render.objects(render.render(charts / "todo-chatbot", values, name="todo-chatbot", namespace=NAMESPACE))


# ---- pods --------------------------------------------------------------------------


class Pod:
    """One pod started with `podman kube play` from a rendered Deployment."""

    def __init__(self, deployment: dict, config_objects: list[dict], *, name: str, network: str, workdir: Path,
                 image_tag: str | None = None, publish: int | None = None):
        deployment = json.loads(json.dumps(deployment))
        deployment["metadata"]["name"] = name
        container = deployment["spec"]["template"]["spec"]["containers"][0]
        if image_tag:
            repo, _, _ = container["image"].rpartition(":")
            container["image"] = f"{repo}:{image_tag}"
        self.port = container["ports"][0]["containerPort"]
        if publish:
            # The NodePort stand-in: only in the simulation, never in the chart.
            container["ports"][0].update(hostPort=publish, hostIP="127.0.0.1")
        else:
            # Podman 4.3 publishes every containerPort on the host's same port
            # (two backend pods would collide on 8080). In Kubernetes the list
            # is informational; the pod's IP serves the port either way.
            del container["ports"]
        self.deployment = deployment
        self.container = container
        self.name = name
        self.pod, self.ctr = kube_play(deployment, config_objects, name=name, network=network, workdir=workdir)
        inspect = json.loads(podman("inspect", self.ctr).stdout)[0]
        self.ip = inspect["NetworkSettings"]["Networks"][network]["IPAddress"]
        self.grace = deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]

    def get(self, path: str, timeout: float = 3) -> int:
        try:
            conn = http.client.HTTPConnection(self.ip, self.port, timeout=timeout)
            conn.request("GET", path)
            status = conn.getresponse().status
            conn.close()
            return status
        except OSError:
            return 0

    def probe(self, kind: str) -> bool:
        """One run of the Deployment's probe of that kind (httpGet, timeoutSeconds)."""
        spec = self.container[f"{kind}Probe"]
        return 200 <= self.get(spec["httpGet"]["path"], spec["timeoutSeconds"]) < 400

    def wait_started_and_ready(self):
        """The kubelet's order: the startup probe until it passes (within
        period x failureThreshold), then readiness; liveness must pass too."""
        for kind in ("startup", "readiness"):
            spec = self.container[f"{kind}Probe"]
            deadline = time.monotonic() + spec["periodSeconds"] * spec["failureThreshold"]
            while not self.probe(kind):
                if time.monotonic() > deadline:
                    raise AssertionError(f"{self.name}: {kind} probe never passed\n{self.logs()}")
                time.sleep(0.2)
        assert self.probe("liveness"), self.logs()

    def terminate(self) -> float:
        """What the kubelet does to a deleted pod: SIGTERM, then SIGKILL after
        terminationGracePeriodSeconds. Returns how long the pod took to stop."""
        started = time.monotonic()
        # The app container only, like the kubelet: `podman pod stop` would also
        # stop the infra container, and with it the pod's network, at once,
        # cutting the drain short. The pod (its sandbox) goes after.
        podman("stop", "-t", str(self.grace), self.ctr, timeout=self.grace + 30)
        took = time.monotonic() - started
        exit_code = json.loads(podman("inspect", self.ctr).stdout)[0]["State"]["ExitCode"]
        assert exit_code == 0, f"{self.name} exited {exit_code} (137 = killed at the end of the grace period)\n{self.logs()}"
        self.final_warnings = self.warnings()  # kept for failure reports; the pod goes now
        podman("pod", "rm", "-f", self.pod)
        return took

    def kill(self):
        """`kubectl delete pod --force --grace-period=0`, or a node lost: SIGKILL,
        no drain, and the pod is gone at once."""
        podman("kill", "--signal", "KILL", self.ctr)
        podman("wait", self.ctr, timeout=30)
        exit_code = json.loads(podman("inspect", self.ctr).stdout)[0]["State"]["ExitCode"]
        assert exit_code == 137, f"{self.name} exited {exit_code}, not by SIGKILL"
        podman("pod", "rm", "-f", self.pod)

    def memory_peak_mib(self) -> float:
        """The most memory the container's cgroup has held since it started
        (cgroup v1 max_usage_in_bytes, or v2 memory.peak)."""
        cgroup = json.loads(podman("inspect", self.ctr).stdout)[0]["State"]["CgroupPath"]
        for path in (Path("/sys/fs/cgroup/memory") / cgroup.lstrip("/") / "memory.max_usage_in_bytes",
                     Path("/sys/fs/cgroup") / cgroup.lstrip("/") / "memory.peak"):
            if path.exists():
                return int(path.read_text()) / 2**20
        pytest.fail(f"no memory peak for {self.name}'s cgroup {cgroup} (cgroup v1, or v2 on Linux 5.19+)")

    def warnings(self) -> str:
        log = podman("logs", self.ctr, check=False)
        return "\n".join(line for line in (log.stdout + log.stderr).splitlines() if '"level":"WARN"' in line or '"level":"ERROR"' in line)[-4000:]

    def logs(self) -> str:
        return podman("logs", "--tail", "40", self.ctr, check=False).stdout[-4000:]


def kube_play(workload: dict, config_objects: list[dict], *, name: str, network: str, workdir: Path) -> tuple[str, str]:
    """`podman kube play` of one workload (a Deployment or a bare Pod) with the
    ConfigMaps and Secrets it reads; returns the pod's and its container's ids."""
    # Podman 4.3 stores a Secret given to `kube play` as YAML, but its
    # secretKeyRef reads a podman secret as the JSON of the Secret's `data`
    # map, and fails on its own YAML. So each Secret becomes a podman secret
    # holding exactly that map (the same keys and base64 values).
    for secret in [o for o in config_objects if o["kind"] == "Secret"]:
        podman("secret", "rm", secret["metadata"]["name"], check=False)
        subprocess.run(["podman", "secret", "create", secret["metadata"]["name"], "-"], input=json.dumps(secret["data"]),
                       capture_output=True, text=True, check=True)
    path = workdir / f"{name}.yaml"
    path.write_text(yaml.safe_dump_all([*[o for o in config_objects if o["kind"] != "Secret"], workload]))
    # --replace: a pod of the same name left by an interrupted run goes first.
    played = podman("kube", "play", "--replace", "--network", network, str(path)).stdout
    # The output lists "Pod:" and "Container:" each followed by an id
    # (names differ between podman versions: <name>-pod vs <name>-pod-0).
    ids = re.findall(r"^(Pod|Container):\n([0-9a-f]{64})$", played, re.M)
    return next(i for kind, i in ids if kind == "Pod"), next(i for kind, i in ids if kind == "Container")


def config_for(objects: list[dict], workload: dict) -> list[dict]:
    """The ConfigMaps and Secrets that a workload's pod template names."""
    template = workload["spec"]["jobTemplate"]["spec"]["template"] if workload["kind"] == "CronJob" else workload["spec"]["template"]
    text = json.dumps(template)
    return [o for o in objects if o["kind"] in ("ConfigMap", "Secret") and f'"{o["metadata"]["name"]}"' in text]


# ---- the backend Service: endpoints and kube-proxy ---------------------------------


class Service:
    """A ClusterIP Service for the backend pods: a TCP proxy on `host`.

    Its endpoints are the pods whose /ready answered 200 at the last poll (one
    per second, like a readiness probe feeding the EndpointSlice). Each new
    connection goes round-robin to one of them, and stays with that pod until
    either side closes it, as with kube-proxy; a reset from the pod is passed
    on as a reset. With no ready pod, a connection is closed at once."""

    POLL_SECONDS = 1.0

    def __init__(self, host: str):
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # IP_FREEBIND (15 on Linux; Python has no name for it): the gateway
        # address exists only once the first pod has brought the bridge up.
        self.listener.setsockopt(socket.SOL_IP, 15, 1)
        self.listener.bind((host, 0))
        self.listener.listen(128)
        self.port = self.listener.getsockname()[1]
        self.lock = threading.Lock()
        self.pods: list[Pod] = []
        self.ready: list[Pod] = []
        self.turn = 0
        self.closed = threading.Event()
        # The latest connections, for failure reports.
        self.events: collections.deque[str] = collections.deque(maxlen=60)
        for loop in (self._accept_loop, self._poll_loop):
            threading.Thread(target=loop, daemon=True).start()

    def add(self, pod: Pod):
        """A pod the test has just seen ready: an endpoint from now on."""
        with self.lock:
            self.pods.append(pod)
            self.ready.append(pod)

    def remove(self, pod: Pod):
        """A deleted pod leaves the endpoints at once, whatever it answered last."""
        with self.lock:
            self.pods = [p for p in self.pods if p is not pod]
            self.ready = [p for p in self.ready if p is not pod]

    def log(self, event: str):
        self.events.append(f"{time.monotonic():.2f} {event}")

    def close(self):
        self.closed.set()
        self.listener.close()

    def _poll_loop(self):
        while not self.closed.wait(self.POLL_SECONDS):
            with self.lock:
                pods = list(self.pods)
            answers = {id(pod): pod.get("/ready", timeout=self.POLL_SECONDS) == 200 for pod in pods}
            with self.lock:
                # A pod removed while it was being polled stays removed.
                self.ready = [p for p in self.pods if answers.get(id(p), p in self.ready)]

    def _endpoint(self) -> Pod | None:
        with self.lock:
            if not self.ready:
                return None
            self.turn += 1
            return self.ready[self.turn % len(self.ready)]

    def _accept_loop(self):
        while not self.closed.is_set():
            try:
                client, peer = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._forward, args=(client, peer), daemon=True).start()

    def _forward(self, client: socket.socket, peer: tuple):
        pod = self._endpoint()
        try:
            if pod is None:
                raise ConnectionRefusedError("no ready endpoint")
            upstream = socket.create_connection((pod.ip, pod.port), timeout=3)
        except OSError as err:
            self.log(f"{peer} -> {pod.name if pod else '-'}: {err!r}")
            _reset(client)
            return
        upstream.settimeout(None)
        self.log(f"{peer} -> {pod.name}: connected")
        if not _splice(client, upstream):
            self.log(f"{peer} -> {pod.name}: reset")


def _splice(a: socket.socket, b: socket.socket) -> bool:
    """Copies both ways until both sides have closed: an end of stream is passed
    on as a half-close, an error as a reset of both. One thread per connection,
    so that a socket is never closed while another thread waits on it (the
    close would neither wake that thread nor reach the peer)."""
    peers = {a: b, b: a}
    with selectors.DefaultSelector() as selector:
        for sock in peers:
            selector.register(sock, selectors.EVENT_READ)
        try:
            while selector.get_map():
                for key, _ in selector.select():
                    source = key.fileobj
                    if data := source.recv(65536):
                        peers[source].sendall(data)
                    else:
                        selector.unregister(source)
                        peers[source].shutdown(socket.SHUT_WR)
        except OSError:
            for sock in peers:
                _reset(sock)
            return False
    a.close()
    b.close()
    return True


def _reset(sock: socket.socket):
    """Closes with RST rather than FIN (SO_LINGER with a zero timeout)."""
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        sock.close()
    except OSError:
        pass


# ---- the client: a user of the UI, requests through the NodePort ---------------------


class Client:
    def __init__(self, port: int):
        self.port = port

    def request(self, method: str, path: str, body: dict | None = None, token: str | None = None, timeout: float = 10):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        headers = {"Content-Type": "application/json"} if body is not None else {}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        try:
            conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=headers)
            response = conn.getresponse()
            data = response.read()
            return response.status, data
        finally:
            conn.close()

    def chat(self, message: str, token: str, conversation_id: str | None = None) -> dict:
        """One chat turn, on a fixed clock so the dates in the reply are known."""
        status, data = self.request("POST", "/api/v1/chat", {"message": message, "conversation_id": conversation_id,
                                                            "timezone": "Europe/Berlin", "now": CHAT_NOW}, token)
        assert status == 200, data
        return json.loads(data)


class Traffic(threading.Thread):
    """Creates a todo and lists todos, over and over, through the frontend,
    recording every failure, until stopped. Bounded: at most `limit` requests."""

    def __init__(self, client: Client, token: str, limit: int = 20000):
        super().__init__(daemon=True)
        self.client, self.token, self.limit = client, token, limit
        self.created: list[int] = []
        self.failures: list[str] = []
        self.requests = 0
        self.stop_event = threading.Event()

    def run(self):
        while not self.stop_event.is_set() and self.requests < self.limit:
            title = f"sim {uuid.uuid4().hex[:12]}"
            for method, path, body in (("POST", "/api/v1/todos", {"title": title}), ("GET", "/api/v1/todos?limit=5", None)):
                self.requests += 1
                # A failure is recorded with the time its request was sent.
                sent = time.monotonic()
                try:
                    status, data = self.client.request(method, path, body, self.token)
                except OSError as err:
                    self.failures.append(f"{sent:.1f} {method} {path}: {err!r} after {time.monotonic() - sent:.1f} s")
                    continue
                if method == "POST" and status == 201:
                    self.created.append(json.loads(data)["id"])
                elif status != 200 and not (method == "POST" and status == 201):
                    self.failures.append(f"{sent:.1f} {method} {path}: {status} {data[:200]!r} after {time.monotonic() - sent:.1f} s")
            time.sleep(0.005)

    def stop(self):
        self.stop_event.set()
        self.join(30)


def all_todo_ids(client: Client, token: str) -> set[int]:
    ids: set[int] = set()
    offset = 0
    while True:
        status, data = client.request("GET", f"/api/v1/todos?status=all&limit=500&offset={offset}", token=token)
        assert status == 200, data
        page = json.loads(data)
        ids |= {t["id"] for t in page}
        if len(page) < 500:
            return ids
        offset += 500


# ---- the simulation ----------------------------------------------------------------------


def backend_pod(cluster: dict, name: str, tag: str | None = None) -> Pod:
    """A backend pod of the rendered Deployment (image `tag` if given), started,
    ready, and among the Service's endpoints: what a ReplicaSet adds."""
    deploy = cluster["backend_deploy"]
    pod = Pod(deploy, config_for(cluster["manifests"], deploy), name=name,
              network=cluster["network"], workdir=cluster["workdir"], image_tag=tag)
    pod.wait_started_and_ready()
    cluster["service"].add(pod)
    return pod



@pytest.fixture(scope="module")
def cluster(images, network, manifests, backend_service, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("kube")
    backend_deploy = render.one(manifests, "Deployment", "todo-chatbot-backend")
    frontend_deploy = render.one(manifests, "Deployment", "todo-chatbot-frontend")
    # The stand-in forwards to the port the rendered Service targets.
    target = render.one(manifests, "Service", "todo-chatbot-backend")["spec"]["ports"][0]["targetPort"]
    port = backend_deploy["spec"]["template"]["spec"]["containers"][0]["ports"][0]
    assert target in (port["name"], port["containerPort"]), (target, port)
    state = {"workdir": workdir, "manifests": manifests, "network": network, "backend_deploy": backend_deploy, "service": backend_service}
    backend = backend_pod(state, "todo-chatbot-backend")
    frontend = Pod(frontend_deploy, config_for(manifests, frontend_deploy), name="todo-chatbot-frontend",
                   network=network, workdir=workdir, publish=NODE_PORT)
    frontend.wait_started_and_ready()
    state.update(backend=backend, frontend=frontend, client=Client(NODE_PORT))
    yield state


@pytest.fixture(scope="module")
def user(cluster):
    client = cluster["client"]
    name = f"sim{uuid.uuid4().hex[:10]}"
    status, data = client.request("POST", "/api/v1/auth/signup", {"username": name, "password": f"Sim-{uuid.uuid4().hex}"})
    assert status in (200, 201), data
    return json.loads(data)["token"]


def test_pods_run_as_the_chart_says(cluster):
    for pod in (cluster["backend"], cluster["frontend"]):
        config = json.loads(podman("inspect", pod.ctr).stdout)[0]
        assert config["Config"]["User"].split(":")[0] == "65532", config["Config"]["User"]
        assert config["HostConfig"]["ReadonlyRootfs"] is True
        assert podman("top", pod.ctr, "user").stdout.split()[-1] == "65532"
    # The ConfigMap and Secret reached the backend's environment.
    env = json.loads(podman("inspect", cluster["backend"].ctr).stdout)[0]["Config"]["Env"]
    assert "AUTH_MODE=accounts" in env and "API_HOST=0.0.0.0" in env
    assert any(e.startswith("DATABASE_URL=postgres://todo_sim:") for e in env)


def test_node_port_serves_the_ui_and_proxies_the_api(cluster):
    client = cluster["client"]
    status, body = client.request("GET", "/")
    assert status == 200 and b"<html" in body.lower()
    # Through the frontend's proxy and the backend Service's stand-in.
    status, body = client.request("GET", "/api/v1/openapi.json")
    assert status == 200 and json.loads(body)["openapi"].startswith("3.")
    # Accounts mode: the API refuses an anonymous list.
    status, _ = client.request("GET", "/api/v1/todos")
    assert status == 401


def test_backend_pod_uses_postgresql(cluster, user, database_url):
    client = cluster["client"]
    status, data = client.request("POST", "/api/v1/todos", {"title": "stored in postgres"}, user)
    assert status == 201, data
    database = database_url.rsplit("/", 1)[1]
    assert psql("SELECT count(*) FROM todos WHERE title = 'stored in postgres'", db=database) == "1"


def test_chat_round_trip_through_the_ui_port(cluster, user, database_url):
    client = cluster["client"]
    added = client.chat("remind me to call the plumber tomorrow at 5pm #home", user)
    assert added["intent"] == "add", added
    todo = added["actions"][0]["todos"][0]
    assert added["actions"][0]["type"] == "created"
    assert (todo["title"], todo["tags"]) == ("Call the plumber", ["home"]), todo
    assert (todo["due_date"], todo["due_time"]) == ("2026-03-11", "17:00"), todo
    assert "Call the plumber" in added["reply"] and "17:00" in added["reply"], added["reply"]

    listed = client.chat("show #home", user, added["conversation_id"])
    assert listed["intent"] == "list"
    assert [t["id"] for t in listed["actions"][0]["todos"]] == [todo["id"]]

    status, data = client.request("GET", f"/api/v1/conversations/{added['conversation_id']}/messages", token=user)
    assert status == 200, data
    assert [m["role"] for m in json.loads(data)] == ["user", "assistant", "user", "assistant"]
    # The turn and the conversation are in PostgreSQL, not in the pod.
    database = database_url.rsplit("/", 1)[1]
    assert psql(f"SELECT title FROM todos WHERE id = {todo['id']}", db=database) == "Call the plumber"
    assert psql(f"SELECT count(*) FROM messages WHERE conversation_id = '{added['conversation_id']}'", db=database) == "4"


def test_killed_backend_replica_is_replaced_and_loses_nothing(cluster, user):
    """Two backend replicas; one is killed outright (no SIGTERM, no drain) under
    traffic, and the ReplicaSet's replacement starts. A conversation begun before
    the kill goes on after it, whichever pod answers."""
    client = cluster["client"]
    added = client.chat("add water the plants #garden", user)
    conversation = added["conversation_id"]
    assert [t["title"] for t in client.chat("show #garden", user, conversation)["actions"][0]["todos"]] == ["Water the plants"]
    before = all_todo_ids(client, user)

    second = backend_pod(cluster, "todo-chatbot-backend-2")
    traffic = Traffic(client, user)
    traffic.start()
    time.sleep(1.5)
    killed_at = time.monotonic()
    cluster["service"].remove(cluster["backend"])
    cluster["backend"].kill()
    replacement = backend_pod(cluster, "todo-chatbot-backend-replacement")
    replaced_in = time.monotonic() - killed_at
    time.sleep(1.5)
    traffic.stop()
    # Back to one replica for the rolling update, whatever the checks below
    # find: the extra one goes the graceful way.
    cluster["backend"] = replacement
    second.terminate()
    cluster["service"].remove(second)

    # The list shown before the kill is still the conversation's: "done 1" means that todo.
    done = client.chat("done 1", user, conversation)
    assert done["intent"] == "complete" and done["actions"][0]["todos"][0]["id"] == added["actions"][0]["todos"][0]["id"], done

    print(f"kill: {traffic.requests} requests, {len(traffic.created)} todos created, {len(traffic.failures)} failed "
          f"{traffic.failures}, replacement ready {replaced_in:.1f} s after the kill (at {killed_at:.1f})")
    assert traffic.requests > 50, "too little traffic to mean anything"
    # A request in flight on the killed pod may fail (as in a cluster); none may
    # fail once the pod is gone, since the other replica serves.
    late = [f for f in traffic.failures if float(f.split()[0]) > killed_at + 1.0]
    assert not late, f"{len(late)} requests failed after the killed pod was gone: {late[:5]} (killed at {killed_at:.2f})\n" + "\n".join(cluster["service"].events)
    after = all_todo_ids(client, user)
    assert before <= after and set(traffic.created) <= after, f"lost: {sorted((before | set(traffic.created)) - after)[:10]}"


def roll(cluster, new_name: str, tag: str) -> dict:
    """Replace the backend pod `cluster["backend"]` by one of image `tag`, the way
    a Deployment with maxSurge 1 / maxUnavailable 0 does, under client traffic."""
    client, token = cluster["client"], cluster["token"]
    traffic = Traffic(client, token)
    traffic.start()
    time.sleep(1.5)
    new = backend_pod(cluster, new_name, tag)
    time.sleep(1.5)  # both pods serve: the Service spreads connections over both
    old = cluster["backend"]
    # Draining: after SIGTERM the old pod fails readiness (and so leaves the
    # Service's endpoints within a poll) but stays alive and serving.
    outcome: dict = {}

    def stop_old():
        try:
            outcome["took"] = old.terminate()
            cluster["service"].remove(old)
        except BaseException as err:  # reported by the main thread
            outcome["error"] = err

    stopper = threading.Thread(target=stop_old)
    outcome["sigterm_at"] = time.monotonic()
    stopper.start()
    time.sleep(1.0)
    draining = (old.get("/ready"), old.get("/health"))
    stopper.join(old.grace + 40)
    time.sleep(2.0)  # traffic continues on the new pod alone
    traffic.stop()
    if "error" in outcome:
        raise outcome["error"]
    cluster["backend"] = new
    return {"new": new, "old": old, "traffic": traffic, "draining": draining, "took": outcome["took"], "sigterm_at": outcome["sigterm_at"],
            "events": list(cluster["service"].events)}


def test_rolling_update_and_rollback_lose_nothing(cluster, user):
    cluster["token"] = user
    client = cluster["client"]
    before = all_todo_ids(client, user)

    update = roll(cluster, "todo-chatbot-backend-next", NEXT_TAG)
    rollback = roll(cluster, "todo-chatbot-backend-rollback", TAG)

    for step, result in (("update", update), ("rollback", rollback)):
        traffic = result["traffic"]
        print(f"{step}: {traffic.requests} requests, {len(traffic.created)} todos created, "
              f"old pod stopped in {result['took']:.1f} s, draining /ready,/health = {result['draining']}")
        assert traffic.requests > 50, f"{step}: too little traffic to mean anything"
        assert not traffic.failures, (f"{step}: {len(traffic.failures)} failed requests: {traffic.failures[:5]} "
                                      f"(SIGTERM at {result['sigterm_at']:.1f}, old pod gone {result['took']:.1f} s later)\n"
                                      f"frontend warnings:\n{cluster['frontend'].warnings()}\n"
                                      f"old backend warnings:\n{result['old'].final_warnings}\n"
                                      f"new backend warnings:\n{result['new'].warnings()}\n"
                                      f"the Service's last connections:\n" + "\n".join(result["events"]))
        assert result["draining"] == (503, 200), f"{step}: while draining the old pod answered /ready,/health {result['draining']}"
        # SIGTERM ended it: it drained and exited well before the grace period's SIGKILL.
        assert result["took"] < cluster["backend_deploy"]["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
    # No lost todos: every todo answered 201, and every one from before, is still there.
    after = all_todo_ids(client, user)
    created = set(update["traffic"].created) | set(rollback["traffic"].created)
    assert before <= after and created <= after, f"lost: {sorted((before | created) - after)[:10]}"
    # The rollback pod runs the old image again.
    image = json.loads(podman("inspect", rollback["new"].ctr).stdout)[0]["ImageName"]
    assert image.endswith(f"todo-chatbot-backend:{TAG}"), image


def test_memory_peaks_stay_under_the_chart_requests(cluster):
    """The charts request far less memory than the plan's 256Mi/128Mi; this is
    the measurement behind that: the frontend pod has proxied every request of
    the tests above, the backend pod served the rollback's traffic."""
    for name in ("backend", "frontend"):
        pod = cluster[name]
        request = pod.container["resources"]["requests"]["memory"]
        assert request.endswith("Mi"), request
        peak = pod.memory_peak_mib()
        print(f"{name}: memory peak {peak:.1f} MiB, request {request}, limit {pod.container['resources']['limits']['memory']}")
        assert peak < int(request[:-2]), f"{name} peaked at {peak:.1f} MiB, above its request {request}"


def test_backup_job_dump_restores(cluster, user, database_url, tmp_path):
    """The chart's backup CronJob run once, as its Job's pod (podman has no
    CronJob controller): its container, as rendered, dumps the release's
    PostgreSQL to its volume (a host folder stands in for the PVC). The same
    image's `todo-api restore` then puts the dump into a new database: the
    same todos, accounts and messages."""
    client = cluster["client"]
    status, data = client.request("POST", "/api/v1/todos", {"title": "in the nightly backup"}, user)
    assert status == 201, data
    cronjob = render.one(cluster["manifests"], "CronJob", "todo-chatbot-backup")
    template = cronjob["spec"]["jobTemplate"]["spec"]["template"]
    spec = json.loads(json.dumps(template["spec"]))
    backups = tmp_path / "backups"
    backups.mkdir()
    # Writable by the pod's user (65532), as fsGroup makes the PVC.
    backups.chmod(0o777)
    spec["volumes"] = [{"name": v["name"], "hostPath": {"path": str(backups), "type": "Directory"}} if "persistentVolumeClaim" in v else v
                       for v in spec["volumes"]]
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "todo-chatbot-backup-once", "labels": template["metadata"]["labels"]},
           "spec": spec}
    pod_id, ctr = kube_play(pod, config_for(cluster["manifests"], cronjob), name="todo-chatbot-backup-once",
                            network=cluster["network"], workdir=cluster["workdir"])
    exit_code = podman("wait", ctr, timeout=120).stdout.strip()
    logs = podman("logs", ctr, check=False)
    podman("pod", "rm", "-f", pod_id)
    assert exit_code == "0", f"the backup exited {exit_code}:\n{logs.stdout}{logs.stderr}"
    (dump,) = backups.glob("todo-backup-*.jsonl")
    assert "backed up" in logs.stdout, logs.stdout

    source = database_url.rsplit("/", 1)[1]
    target = f"sim_restore_{uuid.uuid4().hex[:8]}"
    psql(f"CREATE DATABASE {target} OWNER todo_sim")
    try:
        image = spec["containers"][0]["image"]
        podman("run", "--rm", "--network", cluster["network"], "--user", "65532:65532", "--read-only", "-v", f"{backups}:/backups:ro",
               "-e", f"DATABASE_URL={database_url.rsplit('/', 1)[0]}/{target}", image, "restore", "--from", f"/backups/{dump.name}")
        for query in ("SELECT string_agg(id || ':' || title, ',' ORDER BY id) FROM todos",
                      "SELECT string_agg(username, ',' ORDER BY id) FROM users",
                      "SELECT count(*) FROM messages"):
            assert psql(query, db=target) == psql(query, db=source), query
        assert "in the nightly backup" in psql("SELECT string_agg(title, ',') FROM todos", db=target)
    finally:
        psql(f"DROP DATABASE IF EXISTS {target} WITH (FORCE)")
