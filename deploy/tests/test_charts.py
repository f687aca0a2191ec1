"""The Helm charts, rendered offline by the real Helm engine and checked the way
a cluster's admission would: schema-valid objects (kubernetes-validate --strict),
clean YAML (yamllint), the security scanner (checkov), Pod Security Standards
"restricted", and what the charts promise (probes, resources, rollout strategy,
names, ports, labels, secrets, network policies).
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from pathlib import Path

import helm_python as helm
import pytest
import yaml

import manifests
import render
from conftest import tool

HELM = render.HELM_DIR
TESTS = Path(__file__).parent
UMBRELLA_VALUES = {
    "default": [],
    "dev": [HELM / "todo-chatbot" / "values-dev.yaml"],
    "prod": [HELM / "todo-chatbot" / "values-prod.yaml"],
}
# Values that turn on every optional feature of a sub-chart on its own.
BACKEND_ALL = {
    "secret": {"databaseUrl": "postgres://todo:pw@db:5432/todo", "llmApiKey": "sk-test"},
    "config": {"llmBaseUrl": "https://llm.example.com/v1", "llmModel": "m", "publicUrl": "https://todo.example.com"},
    "autoscaling": {"enabled": True},
    "podDisruptionBudget": {"enabled": True},
    "networkPolicy": {"enabled": True, "allowHttpsEgress": True},
}
FRONTEND_ALL = {
    "autoscaling": {"enabled": True},
    "podDisruptionBudget": {"enabled": True},
    "networkPolicy": {"enabled": True},
    "ingress": {"enabled": True, "className": "nginx", "tls": [{"secretName": "t", "hosts": ["todo.local"]}]},
}

# Every rendering the checks below run on: (id, chart, release name, values).
SCENARIOS = [
    ("backend-default", "todo-chatbot-backend", "todo-chatbot-backend", {}),
    ("backend-all", "todo-chatbot-backend", "todo-chatbot-backend", BACKEND_ALL),
    ("frontend-default", "todo-chatbot-frontend", "todo-chatbot-frontend", {}),
    ("frontend-all", "todo-chatbot-frontend", "todo-chatbot-frontend", FRONTEND_ALL),
] + [(f"umbrella-{name}", "todo-chatbot", "todo-chatbot", render.load_values(*files)) for name, files in UMBRELLA_VALUES.items()]
SCENARIO_IDS = [s[0] for s in SCENARIOS]

# checkov checks that are policy choices of this project, each with the reason.
# Anything else checkov reports fails the test.
CHECKOV_SKIPS = {
    # Images are built into Minikube's store by deploy/minikube/up.sh and have
    # no registry digest; tags are fixed and the schemas refuse `latest`.
    "CKV_K8S_43": "images built locally have no registry digest; tags are fixed",
    # Always would make Minikube look for the locally built image in a registry.
    "CKV_K8S_15": "IfNotPresent/Never is required for images built into the node",
    # NetworkPolicies are opt-in (a cluster without a policy controller ignores
    # them); the prod values enable them and test_prod_network_policies checks
    # that every pod there is covered.
    "CKV2_K8S_6": "NetworkPolicies are opt-in; coverage of the prod values is tested separately",
}
# checkov ids of the Pod Security Standards "restricted" profile and related
# container hardening: these may never be skipped.
RESTRICTED_CHECKS = {
    "CKV_K8S_20",  # allowPrivilegeEscalation false
    "CKV_K8S_22",  # read-only root file system
    "CKV_K8S_23",  # no root containers
    "CKV_K8S_28",  # NET_RAW dropped
    "CKV_K8S_31",  # seccomp RuntimeDefault
    "CKV_K8S_37",  # capabilities minimised
    "CKV_K8S_16",  # not privileged
    "CKV_K8S_38",  # service account tokens only where needed
}


@pytest.fixture(scope="session")
def rendered(charts) -> dict[str, list[tuple[str, str]]]:
    return {sid: render.render(charts / chart, values, name=release) for sid, chart, release, values in SCENARIOS}


@pytest.fixture(scope="session")
def rendered_files(rendered, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("rendered")
    files = {}
    for sid, manifests in rendered.items():
        files[sid] = out / f"{sid}.yaml"
        files[sid].write_text(render.as_stream(manifests))
    return files


def pod_labels(o: dict) -> dict:
    """The labels of the pods a workload, scheduled job or bare pod makes."""
    if o["kind"] == "Pod":
        return o["metadata"]["labels"]
    if o["kind"] == "CronJob":
        return o["spec"]["jobTemplate"]["spec"]["template"]["metadata"]["labels"]
    return o["spec"]["template"]["metadata"]["labels"]


def objs(rendered, sid) -> list[dict]:
    return render.objects(rendered[sid])


def pod_templates(objects: list[dict]) -> list[tuple[dict, dict]]:
    """(object, pod spec) of every workload, scheduled job and bare pod."""
    out = []
    for o in objects:
        if o["kind"] in ("Deployment", "StatefulSet"):
            out.append((o, o["spec"]["template"]["spec"]))
        elif o["kind"] == "CronJob":
            out.append((o, o["spec"]["jobTemplate"]["spec"]["template"]["spec"]))
        elif o["kind"] == "Pod":
            out.append((o, o["spec"]))
    return out


# ---- the charts themselves -------------------------------------------------------


@pytest.mark.parametrize("chart", render.CHARTS)
def test_helm_lint_strict(charts, chart):
    report = helm.lint(charts / chart, strict=True, with_subcharts=True, namespace="todo")
    problems = [m for m in report["messages"] if m["severity"] >= 2] + report["errors"]
    assert not problems, json.dumps(report, indent=2)


def values_tree(text: str) -> list[dict]:
    """The keys of a values.yaml as a tree: {key, line, commented, children};
    `commented` when the line right above the key is a comment."""
    root: list[dict] = []
    stack: list[tuple[int, list]] = [(-1, root)]
    previous = ""
    for number, line in enumerate(text.splitlines(), 1):
        match = re.match(r"^(\s*)([A-Za-z][A-Za-z0-9_-]*):", line)
        if match:
            indent = len(match.group(1))
            while stack[-1][0] >= indent:
                stack.pop()
            node = {"key": match.group(2), "line": number, "commented": previous.lstrip().startswith("#"), "children": []}
            stack[-1][1].append(node)
            stack.append((indent, node["children"]))
        if line.strip():
            previous = line
    return root


def undocumented(nodes: list[dict], inherited: bool = False) -> list[str]:
    """Keys with no comment of their own, of a commented parent, or (for a
    block) on every child."""
    missing = []
    for node in nodes:
        if inherited or node["commented"]:
            continue
        if node["children"]:
            missing += undocumented(node["children"])
        else:
            missing.append(f"line {node['line']}: {node['key']}")
    return missing


def test_every_value_is_commented():
    """Helm best practice: every value is documented where it is set."""
    for chart in render.CHARTS:
        text = (HELM / chart / "values.yaml").read_text()
        assert not undocumented(values_tree(text)), (chart, undocumented(values_tree(text)))
    # The check itself fails on an uncommented key.
    assert undocumented(values_tree("# -- a\na: 1\nb:\n  # -- c\n  c: 1\n  d: 2\n")) == ["line 6: d"]


def test_camel_case_values():
    for chart in render.CHARTS:
        for key in re.findall(r"^\s*([A-Za-z0-9_-]+):", (HELM / chart / "values.yaml").read_text(), re.M):
            if key in ("backend", "frontend", "global"):
                continue
            assert re.fullmatch(r"[a-z][A-Za-z0-9]*", key), f"{chart}: value key {key!r} is not camelCase"


def test_one_resource_per_template():
    for chart in render.CHARTS:
        for template in (HELM / chart / "templates").rglob("*.yaml"):
            kinds = re.findall(r"^kind: ", template.read_text(), re.M)
            assert len(kinds) == 1, f"{template}: {len(kinds)} resources"


@pytest.mark.parametrize("sid", SCENARIO_IDS)
def test_kubernetes_validate_strict(rendered_files, bin_dir, sid):
    # 1.25 is the oldest version the charts declare (kubeVersion); 1.37 the newest schema bundled.
    for version in ("1.25.0", "1.37.0"):
        result = subprocess.run(
            [tool(bin_dir, "kubernetes-validate"), "--strict", "--quiet", "-k", version, str(rendered_files[sid])],
            capture_output=True, text=True,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_kubernetes_validate_catches_typos(tmp_path, bin_dir):
    """The strict validator is what catches a misspelt field: prove it does here."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec:\n  replica: 2\n"
                   "  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n"
                   "    spec: {containers: [{name: c, image: 'i:1'}]}\n")
    result = subprocess.run([tool(bin_dir, "kubernetes-validate"), "--strict", "--quiet", str(bad)], capture_output=True, text=True)
    assert result.returncode != 0


@pytest.mark.parametrize("sid", SCENARIO_IDS)
def test_yamllint(rendered_files, bin_dir, sid):
    result = subprocess.run(
        [tool(bin_dir, "yamllint"), "--strict", "-c", str(TESTS / "yamllint.yaml"), str(rendered_files[sid])],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("sid", SCENARIO_IDS)
def test_checkov(rendered_files, bin_dir, sid):
    assert not RESTRICTED_CHECKS & CHECKOV_SKIPS.keys()
    result = subprocess.run(
        [tool(bin_dir, "checkov"), "--skip-download", "--framework", "kubernetes", "--compact",
         "-o", "json", "-f", str(rendered_files[sid]), "--skip-check", ",".join(CHECKOV_SKIPS)],
        capture_output=True, text=True,
    )
    report = json.loads(result.stdout)
    reports = report if isinstance(report, list) else [report]
    failed = [(c["check_id"], c["resource"]) for r in reports for c in r.get("results", {}).get("failed_checks", [])]
    passed = {c["check_id"] for r in reports for c in r.get("results", {}).get("passed_checks", [])}
    skipped = [(c["check_id"], c["resource"]) for r in reports for c in r.get("results", {}).get("skipped_checks", [])]
    assert not failed, f"checkov failed: {failed}"
    # In-template skips (checkov.io/skip annotations) never cover the restricted checks.
    assert not {cid for cid, _ in skipped} & RESTRICTED_CHECKS, skipped
    # The restricted-profile checks really ran on these manifests.
    assert {"CKV_K8S_20", "CKV_K8S_22", "CKV_K8S_23", "CKV_K8S_31", "CKV_K8S_37"} <= passed


# ---- Pod Security Standards "restricted" ------------------------------------------


def assert_restricted(name: str, spec: dict):
    """The "restricted" profile (kubernetes.io/docs/concepts/security/pod-security-standards)."""
    pod_sc = spec.get("securityContext", {})
    for c in spec.get("initContainers", []) + spec["containers"]:
        sc = c.get("securityContext", {})
        where = f"{name}/{c['name']}"
        assert sc.get("allowPrivilegeEscalation") is False, where
        assert sc.get("capabilities", {}).get("drop") == ["ALL"], where
        assert not sc.get("capabilities", {}).get("add"), where
        assert sc.get("privileged") in (None, False), where
        run_as_non_root = sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot"))
        assert run_as_non_root is True, where
        assert sc.get("runAsUser", pod_sc.get("runAsUser")) not in (0, None), where
        seccomp = sc.get("seccompProfile", pod_sc.get("seccompProfile", {}))
        assert seccomp.get("type") in ("RuntimeDefault", "Localhost"), where
        # Not required by the profile, but by this project: nothing writes to the image.
        assert sc.get("readOnlyRootFilesystem") is True, where
        assert "hostPort" not in json.dumps(c.get("ports", [])), where
    for key in ("hostNetwork", "hostPID", "hostIPC"):
        assert not spec.get(key), f"{name}: {key}"
    for volume in spec.get("volumes", []):
        assert "hostPath" not in volume, f"{name}: hostPath volume"
    assert spec.get("automountServiceAccountToken") is False, f"{name}: the apps never call the Kubernetes API"


@pytest.mark.parametrize("sid", SCENARIO_IDS)
def test_pod_security_restricted(rendered, sid):
    pods = pod_templates(objs(rendered, sid))
    assert pods
    for o, spec in pods:
        assert_restricted(f"{o['kind']}/{o['metadata']['name']}", spec)


def test_assert_restricted_rejects_root():
    """The checker above fails on a pod that runs as root."""
    spec = {"containers": [{"name": "c", "securityContext": {"allowPrivilegeEscalation": False, "capabilities": {"drop": ["ALL"]},
                                                             "runAsNonRoot": True, "runAsUser": 0, "readOnlyRootFilesystem": True,
                                                             "seccompProfile": {"type": "RuntimeDefault"}}}],
            "automountServiceAccountToken": False}
    with pytest.raises(AssertionError):
        assert_restricted("root", spec)


# ---- what the apps' Deployments promise -------------------------------------------


APP_DEPLOYMENTS = {"todo-chatbot-backend": "todo-api", "todo-chatbot-frontend": "todo-web"}


@pytest.mark.parametrize("sid", [s for s in SCENARIO_IDS])
def test_deployments(rendered, sid):
    objects = objs(rendered, sid)
    deployments = render.find(objects, "Deployment")
    assert deployments
    for d in deployments:
        name = d["metadata"]["name"]
        assert name in APP_DEPLOYMENTS, name
        spec = d["spec"]
        assert spec["strategy"] == {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 0, "maxSurge": 1}}, name
        pod = spec["template"]["spec"]
        (container,) = pod["containers"]
        assert container["name"] == APP_DEPLOYMENTS[name]
        image, _, tag = container["image"].rpartition(":")
        assert image and tag and tag != "latest" and "/" not in tag, container["image"]
        # Probes: liveness /health 10 s x3, readiness /ready 5 s x2, and a startup probe.
        live, ready, start = container["livenessProbe"], container["readinessProbe"], container["startupProbe"]
        assert (live["httpGet"]["path"], live["periodSeconds"], live["failureThreshold"]) == ("/health", 10, 3), name
        assert (ready["httpGet"]["path"], ready["periodSeconds"], ready["failureThreshold"]) == ("/ready", 5, 2), name
        assert start["httpGet"]["path"] == "/health" and start["periodSeconds"] * start["failureThreshold"] >= 30, name
        ports = {p["name"]: p["containerPort"] for p in container["ports"]}
        assert live["httpGet"]["port"] == ready["httpGet"]["port"] == "http" and ports["http"] == 8080
        # Resources: requests and limits, memory limit at least the request.
        res = container["resources"]
        assert {"cpu", "memory"} <= res["requests"].keys() and {"cpu", "memory"} <= res["limits"].keys(), name
        assert mebibytes(res["limits"]["memory"]) >= mebibytes(res["requests"]["memory"]) >= 16
        # Longer than the app's own drain; no preStop hook (the apps drain on SIGTERM).
        config = render.one(objects, "ConfigMap", name)["data"]
        drain = float(config["DRAIN_DELAY"]) + float(config["SHUTDOWN_TIMEOUT"])
        assert pod["terminationGracePeriodSeconds"] > drain, name
        assert "lifecycle" not in container
        # The ConfigMap is loaded whole, and a change to it rolls the pods.
        assert {"configMapRef": {"name": name}} in container["envFrom"]
        assert re.fullmatch(r"[0-9a-f]{64}", spec["template"]["metadata"]["annotations"]["checksum/config"])
        if name == "todo-chatbot-backend":
            assert re.fullmatch(r"[0-9a-f]{64}", spec["template"]["metadata"]["annotations"]["checksum/secret"]) or \
                "existingSecret" in json.dumps(spec), name


SPREAD = {"maxSkew": 1, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "ScheduleAnyway"}


@pytest.mark.parametrize("sid", SCENARIO_IDS)
def test_pods_spread_over_nodes(rendered, sid):
    """Both Deployments spread their pods over nodes by default (a three-node
    Minikube runs one of three pods per node), as a preference that a one-node
    cluster can ignore, and counting only this release's pods of the current
    ReplicaSet."""
    for d in render.find(objs(rendered, sid), "Deployment"):
        (constraint,) = d["spec"]["template"]["spec"]["topologySpreadConstraints"]
        name = d["metadata"]["name"]
        assert {k: constraint[k] for k in SPREAD} == SPREAD, name
        assert constraint["labelSelector"] == {"matchLabels": d["spec"]["selector"]["matchLabels"]}, name
        assert constraint["matchLabelKeys"] == ["pod-template-hash"], name


def test_spread_from_values(charts):
    """topologySpread sets the default constraint; topologySpreadConstraints replaces it."""
    def constraints(values):
        objects = render.objects(render.render(charts / "todo-chatbot", values, name="todo-chatbot"))
        return {d["metadata"]["name"]: d["spec"]["template"]["spec"].get("topologySpreadConstraints") for d in render.find(objects, "Deployment")}

    zones = constraints({"backend": {"topologySpread": {"topologyKey": "topology.kubernetes.io/zone", "whenUnsatisfiable": "DoNotSchedule"}}})
    assert zones["todo-chatbot-backend"][0]["topologyKey"] == "topology.kubernetes.io/zone"
    assert zones["todo-chatbot-backend"][0]["whenUnsatisfiable"] == "DoNotSchedule"
    assert zones["todo-chatbot-frontend"][0]["topologyKey"] == "kubernetes.io/hostname"
    off = constraints({"backend": {"topologySpread": {"enabled": False}}, "frontend": {"topologySpread": {"enabled": False}}})
    assert off == {"todo-chatbot-backend": None, "todo-chatbot-frontend": None}
    own = [{"maxSkew": 2, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "DoNotSchedule",
            "labelSelector": {"matchLabels": {"app.kubernetes.io/name": "todo-chatbot-frontend"}}}]
    assert constraints({"frontend": {"topologySpreadConstraints": own}})["todo-chatbot-frontend"] == own
    with pytest.raises(helm.HelmError, match="whenUnsatisfiable"):
        constraints({"backend": {"topologySpread": {"whenUnsatisfiable": "Sometimes"}}})


def mebibytes(quantity: str) -> float:
    number, unit = re.fullmatch(r"([0-9.]+)(Ki|Mi|Gi)?", str(quantity)).groups()
    return float(number) * {"Ki": 1 / 1024, "Mi": 1, "Gi": 1024, None: 1 / 1048576}[unit]


@pytest.mark.parametrize("sid", SCENARIO_IDS)
def test_labels(rendered, sid):
    for o in objs(rendered, sid):
        labels = o["metadata"].get("labels", {})
        where = f"{o['kind']}/{o['metadata']['name']}"
        assert {"app.kubernetes.io/name", "app.kubernetes.io/instance"} <= labels.keys(), where
        if o["kind"] != "Pod":  # helm test pods carry only their selector-free labels
            assert labels.get("app.kubernetes.io/managed-by") == "Helm", where
            assert "helm.sh/chart" in labels and labels.get("app.kubernetes.io/part-of") == "todo-chatbot", where
        if o["kind"] in ("Deployment", "StatefulSet"):
            template_labels = o["spec"]["template"]["metadata"]["labels"]
            assert o["spec"]["selector"]["matchLabels"].items() <= template_labels.items(), where
            assert "app.kubernetes.io/version" in template_labels, where


@pytest.mark.parametrize("sid", SCENARIO_IDS)
def test_services_select_their_workload_only(rendered, sid):
    objects = objs(rendered, sid)
    pods = pod_templates(objects)
    for svc in render.find(objects, "Service"):
        selector = svc["spec"]["selector"]
        matched = [(o, spec) for o, spec in pods if selector.items() <= pod_labels(o).items()]
        # Exactly one workload, never a helm test pod (it would get traffic).
        assert len(matched) == 1 and matched[0][0]["kind"] != "Pod", (svc["metadata"]["name"], [m[0]["metadata"]["name"] for m in matched])
        o, spec = matched[0]
        container_ports = {p["name"] for c in spec["containers"] for p in c.get("ports", [])}
        for port in svc["spec"]["ports"]:
            assert port["targetPort"] in container_ports


@pytest.mark.parametrize("sid", ["umbrella-default", "umbrella-dev", "umbrella-prod"])
def test_umbrella_wiring(rendered, sid):
    objects = objs(rendered, sid)
    backend_svc = render.one(objects, "Service", "todo-chatbot-backend")
    assert backend_svc["spec"]["type"] == "ClusterIP"
    assert backend_svc["spec"]["ports"] == [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}]
    frontend_svc = render.one(objects, "Service", "todo-chatbot-frontend")
    if sid != "umbrella-prod":  # prod puts an Ingress in front instead
        assert frontend_svc["spec"]["type"] == "NodePort"
        assert frontend_svc["spec"]["ports"][0]["nodePort"] == 30001
    # The frontend proxies to the backend Service by name and port.
    frontend_cm = render.one(objects, "ConfigMap", "todo-chatbot-frontend")["data"]
    assert frontend_cm["BACKEND_URL"] == "http://todo-chatbot-backend:80"
    assert frontend_cm["WEB_HOST"] == "0.0.0.0" and frontend_cm["STATIC_DIR"] == "/srv/dist"
    backend_cm = render.one(objects, "ConfigMap", "todo-chatbot-backend")["data"]
    assert backend_cm["API_HOST"] == "0.0.0.0" and backend_cm["AUTH_MODE"] == "accounts" and backend_cm["LOG_FORMAT"] == "json"
    # The backend reads DATABASE_URL from the umbrella's Secret, which points at the PostgreSQL Service.
    backend = render.one(objects, "Deployment", "todo-chatbot-backend")
    env = {e["name"]: e for e in backend["spec"]["template"]["spec"]["containers"][0]["env"]}
    ref = env["DATABASE_URL"]["valueFrom"]["secretKeyRef"]
    assert ref == {"name": "todo-chatbot-secrets", "key": "DATABASE_URL"}
    assert env["LLM_API_KEY"]["valueFrom"]["secretKeyRef"]["optional"] is True
    assert not render.find(objects, "Secret", "todo-chatbot-backend"), "the backend chart's own Secret is replaced"
    secret = render.one(objects, "Secret", "todo-chatbot-secrets")
    data = {k: base64.b64decode(v).decode() for k, v in secret["data"].items()}
    match = re.fullmatch(r"postgres://todo:([A-Za-z0-9]+)@todo-chatbot-postgresql:5432/todo", data["DATABASE_URL"])
    assert match and match.group(1) == data["POSTGRES_PASSWORD"] and len(match.group(1)) == 32
    pg_svc = render.one(objects, "Service", "todo-chatbot-postgresql")
    pg = render.one(objects, "StatefulSet", "todo-chatbot-postgresql")
    assert pg_svc["spec"]["selector"].items() <= pg["spec"]["template"]["metadata"]["labels"].items()
    assert pg["spec"]["serviceName"] == "todo-chatbot-postgresql-headless"
    assert render.one(objects, "Service", "todo-chatbot-postgresql-headless")["spec"]["clusterIP"] == "None"
    # PostgreSQL: the official Debian-based image at a fixed tag, uid 999, PGDATA in a subdirectory.
    pod = pg["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert re.fullmatch(r"docker\.io/library/postgres:\d+\.\d+-bookworm", container["image"])
    assert pod["securityContext"]["runAsUser"] == 999 and pod["securityContext"]["fsGroup"] == 999
    pg_env = {e["name"]: e.get("value") for e in container["env"]}
    assert pg_env["PGDATA"].startswith("/var/lib/postgresql/data/") and pg_env["PGDATA"] != "/var/lib/postgresql/data/"
    assert pg_env["POSTGRES_PASSWORD_FILE"] == "/etc/postgresql-secret/POSTGRES_PASSWORD"
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert mounts["/var/lib/postgresql/data"] == "data" and "data" not in volumes  # from the volumeClaimTemplate
    assert "emptyDir" in volumes[mounts["/var/run/postgresql"]]
    assert volumes["secret"]["secret"]["secretName"] == "todo-chatbot-secrets"
    assert pg["spec"]["volumeClaimTemplates"][0]["spec"]["resources"]["requests"]["storage"]
    assert "memory" in container["resources"]["limits"]
    # Sub-chart ServiceAccounts mount no token.
    for sa in render.find(objects, "ServiceAccount"):
        assert sa["automountServiceAccountToken"] is False


@pytest.mark.parametrize("sid", ["backend-default", "frontend-default", "umbrella-default"])
def test_helm_test_pods_probe_services_by_name(rendered, sid):
    objects = objs(rendered, sid)
    tests = [o for o in objects if o["kind"] == "Pod"]
    assert tests
    services = {s["metadata"]["name"]: s for s in render.find(objects, "Service")}
    for pod in tests:
        assert pod["metadata"]["annotations"]["helm.sh/hook"] == "test"
        (container,) = pod["spec"]["containers"]
        assert container["args"][:2] == ["healthcheck", "--url"]
        url = re.fullmatch(r"http://([a-z0-9-]+):(\d+)/ready", container["args"][2])
        assert url, container["args"]
        svc = services[url.group(1)]
        assert int(url.group(2)) in [p["port"] for p in svc["spec"]["ports"]]
        assert pod["spec"]["restartPolicy"] == "Never"


def test_sub_charts_alone_with_defaults(rendered):
    backend = objs(rendered, "backend-default")
    assert render.one(backend, "Deployment", "todo-chatbot-backend")["spec"]["replicas"] == 1
    url = base64.b64decode(render.one(backend, "Secret", "todo-chatbot-backend")["data"]["DATABASE_URL"]).decode()
    assert url.startswith("sqlite:///data/")  # in the emptyDir mounted at /data
    frontend = objs(rendered, "frontend-default")
    assert render.one(frontend, "Service", "todo-chatbot-frontend")["spec"]["ports"][0]["nodePort"] == 30001


# ---- checksums, secrets kept across upgrades ---------------------------------------


def test_config_change_rolls_pods(charts):
    def annotations(values):
        objects = render.objects(render.render(charts / "todo-chatbot", values, name="todo-chatbot"))
        return {d["metadata"]["name"]: d["spec"]["template"]["metadata"]["annotations"] for d in render.find(objects, "Deployment")}

    base = annotations({"postgresql": {"auth": {"password": "fixed"}}})
    changed = annotations({"postgresql": {"auth": {"password": "fixed"}}, "backend": {"config": {"logLevel": "debug"}}, "frontend": {"config": {"proxyTimeout": 20}}})
    assert base == annotations({"postgresql": {"auth": {"password": "fixed"}}}), "rendering is deterministic"
    for name in APP_DEPLOYMENTS:
        assert base[name]["checksum/config"] != changed[name]["checksum/config"], name


def test_backend_secret_change_rolls_pods(charts):
    def checksum(url):
        objects = render.objects(render.render(charts / "todo-chatbot-backend", {"secret": {"databaseUrl": url}}, name="todo-chatbot-backend"))
        return render.one(objects, "Deployment", "todo-chatbot-backend")["spec"]["template"]["metadata"]["annotations"]["checksum/secret"]

    assert checksum("postgres://a@db/x") != checksum("postgres://b@db/x")


def test_umbrella_secret_change_rolls_backend_pods(charts):
    """Under the umbrella chart the backend's Secret is the umbrella's: every
    value of it a user can change after install (the LLM key, an external
    database's URL, the Secret's name) must change the backend's pod template,
    or `helm upgrade` leaves the pods on the old values. The generated
    password and postgresql.auth are fixed at install (`lookup` keeps them)."""

    def rendered(values):
        values = render.deep_merge({"postgresql": {"auth": {"password": "fixed"}}}, values)
        objects = render.objects(render.render(charts / "todo-chatbot", values, name="todo-chatbot"))
        secrets = render.find(objects, "Secret", "todo-chatbot-secrets")
        template = render.one(objects, "Deployment", "todo-chatbot-backend")["spec"]["template"]
        return (secrets[0]["data"] if secrets else None), template

    external = {"postgresql": {"enabled": False}}
    changes = [
        ({}, {"backend": {"secret": {"llmApiKey": "sk-new"}}}),
        ({"backend": {"secret": {"llmApiKey": "sk-old"}}}, {"backend": {"secret": {"llmApiKey": "sk-new"}}}),
        (render.deep_merge(external, {"backend": {"secret": {"databaseUrl": "postgres://a:1@db/todo"}}}),
         render.deep_merge(external, {"backend": {"secret": {"databaseUrl": "postgres://a:2@db/todo"}}})),
        ({"global": {"existingSecret": "mine"}}, {"global": {"existingSecret": "theirs"}}),
        ({}, {"global": {"existingSecret": "mine"}}),
    ]
    for before, after in changes:
        (data_before, pods_before), (data_after, pods_after) = rendered(before), rendered(after)
        assert rendered(before) == (data_before, pods_before), "rendering is deterministic"
        assert data_before != data_after or data_after is None, (before, after)
        assert pods_before != pods_after, f"{before} -> {after} leaves the backend pods as they are"
    # The same values, the same pods: nothing rolls for no reason.
    assert rendered({})[1] == rendered({})[1]


def test_enabling_autoscaling_keeps_the_live_replica_count(charts, tmp_path):
    """Offline (and on a first install) `lookup` finds no Deployment and the
    field is left to the HPA. On an upgrade that turns autoscaling on, the
    chart names the live count instead of dropping the field, which would
    set the Deployment back to one pod: checked here by standing a found
    Deployment of 4 replicas in for the lookup."""
    for chart in ("todo-chatbot-backend", "todo-chatbot-frontend"):
        copy = tmp_path / chart
        shutil.copytree(charts / chart, copy)
        template = copy / "templates" / "deployment.yaml"
        text, found = re.subn(rf'\(lookup "apps/v1" "Deployment" \.Release\.Namespace \(include "{chart}\.fullname" \.\)\)',
                              '(dict "spec" (dict "replicas" 4))', template.read_text())
        assert found == 1, f"{chart}: no lookup of its own Deployment"
        template.write_text(text)
        values = {"autoscaling": {"enabled": True}}
        if chart == "todo-chatbot-backend":  # autoscaling needs a shared database
            values["secret"] = {"databaseUrl": "postgres://a:b@db/todo"}
        live = render.one(render.objects(render.render(copy, values, name=chart)), "Deployment", chart)
        assert live["spec"]["replicas"] == 4, chart
        offline = render.one(render.objects(render.render(charts / chart, values, name=chart)), "Deployment", chart)
        assert "replicas" not in offline["spec"], chart


def test_database_password_is_generated_once_and_kept(charts):
    """Offline rendering cannot reach a cluster, so `lookup` finds nothing and a
    fresh password is generated each time (what a first install does). What
    keeps it on upgrade is the lookup of the same Secret, checked in the
    template's text, plus `helm.sh/resource-policy: keep` so an uninstall does
    not orphan the PVC's password."""

    def secret(values):
        objects = render.objects(render.render(charts / "todo-chatbot", values, name="todo-chatbot"))
        return render.one(objects, "Secret", "todo-chatbot-secrets")

    first, second = secret({}), secret({})
    assert first["data"]["POSTGRES_PASSWORD"] != second["data"]["POSTGRES_PASSWORD"], "random on first install"
    assert first["metadata"]["annotations"]["helm.sh/resource-policy"] == "keep"
    given = secret({"postgresql": {"auth": {"password": "s3cret"}}})
    assert base64.b64decode(given["data"]["POSTGRES_PASSWORD"]).decode() == "s3cret"
    template = (HELM / "todo-chatbot" / "templates" / "secret.yaml").read_text()
    # The Secret looked up is the one rendered, and its password wins over a new one.
    assert re.search(r'\$name := include "todo-chatbot.secretName" \.', template)
    assert re.search(r'lookup "v1" "Secret" \.Release\.Namespace \$name', template)
    lookup_branch = template.index("$existing.data")
    assert lookup_branch < template.index(".Values.postgresql.auth.password }}") < template.index("randAlphaNum")


def test_existing_secret_replaces_generated_one(charts):
    objects = render.objects(render.render(charts / "todo-chatbot", {"global": {"existingSecret": "mine"}}, name="todo-chatbot"))
    assert not render.find(objects, "Secret")
    backend = render.one(objects, "Deployment", "todo-chatbot-backend")
    assert backend["spec"]["template"]["spec"]["containers"][0]["env"][0]["valueFrom"]["secretKeyRef"]["name"] == "mine"
    pg = render.one(objects, "StatefulSet", "todo-chatbot-postgresql")
    assert {v["name"]: v for v in pg["spec"]["template"]["spec"]["volumes"]}["secret"]["secret"]["secretName"] == "mine"


def test_external_database(charts):
    objects = render.objects(render.render(
        charts / "todo-chatbot", {"postgresql": {"enabled": False}, "backend": {"secret": {"databaseUrl": "postgres://u:p@db.example.com/todo"}}},
        name="todo-chatbot"))
    assert not render.find(objects, "StatefulSet")
    data = render.one(objects, "Secret", "todo-chatbot-secrets")["data"]
    assert base64.b64decode(data["DATABASE_URL"]).decode() == "postgres://u:p@db.example.com/todo"
    assert "POSTGRES_PASSWORD" not in data


# ---- refusals ------------------------------------------------------------------------


@pytest.mark.parametrize("chart,values,message", [
    ("todo-chatbot-backend", {"replicaCount": 2}, "SQLite"),
    ("todo-chatbot-backend", {"autoscaling": {"enabled": True}}, "SQLite"),
    ("todo-chatbot-backend", {"terminationGracePeriodSeconds": 15}, "terminationGracePeriodSeconds"),
    ("todo-chatbot-frontend", {"config": {"drainDelay": 25}}, "terminationGracePeriodSeconds"),
    ("todo-chatbot-backend", {"image": {"tag": "latest"}}, "tag"),
    ("todo-chatbot-backend", {"replica": 2}, "replica"),
    ("todo-chatbot-backend", {"config": {"authMode": "none"}}, "authMode"),
    ("todo-chatbot-frontend", {"service": {"nodePort": 80}}, "nodePort"),
    ("todo-chatbot", {"postgresql": {"enabled": False}}, "set backend.secret.databaseUrl to a postgres:// URL"),
    ("todo-chatbot", {"backend": {"secret": {"databaseUrl": "postgres://u:p@db/todo"}}}, "for an external database"),
    ("todo-chatbot", {"llmApiKey": "sk-moved"}, "llmApiKey"),
    ("todo-chatbot-backend", {"networkPolicy": {"enabled": True}, "config": {"llmBaseUrl": "https://llm.example.com/v1"}},
     "allowHttpsEgress"),
    ("todo-chatbot", {"backend": {"image": {"tag": "latest"}}}, "tag"),
    ("todo-chatbot", {"postgresql": {"auth": {"password": "a@b"}}}, "password"),
])
def test_refuses_bad_values(charts, chart, values, message):
    with pytest.raises(helm.HelmError, match=message):
        render.render(charts / chart, values, name=chart)


# ---- network policies (prod values) --------------------------------------------------


def allowed(policies: list[dict], src: dict, dst: dict, port: int, dst_ports: dict[str, int]) -> bool:
    """Whether `src` pod labels may open a TCP connection to `dst` on `port`,
    under the NetworkPolicy rules (same namespace, pod selectors and ports only,
    which is all these charts use). Both the source's egress and the
    destination's ingress must allow it."""

    def selects(selector: dict, labels: dict) -> bool:
        return selector.get("matchLabels", {}).items() <= labels.items()

    def port_ok(rule_ports, p):
        if not rule_ports:
            return True
        for rp in rule_ports:
            value = rp.get("port")
            value = dst_ports.get(value, value) if isinstance(value, str) else value
            if rp.get("protocol", "TCP") == "TCP" and (value is None or value == p):
                return True
        return False

    def direction_ok(pod, peer, kind, peer_key):
        applying = [np for np in policies if selects(np["spec"]["podSelector"], pod) and kind in np["spec"]["policyTypes"]]
        if not applying:
            return True
        for np in applying:
            for rule in np["spec"].get(kind.lower(), []):
                peers = rule.get(peer_key)
                if (not peers or any("podSelector" in p and selects(p["podSelector"], peer) for p in peers)) and port_ok(rule.get("ports"), port):
                    return True
        return False

    return direction_ok(src, dst, "Egress", "to") and direction_ok(dst, src, "Ingress", "from")


def test_prod_network_policies(rendered):
    objects = objs(rendered, "umbrella-prod")
    policies = render.find(objects, "NetworkPolicy")
    labels = {o["metadata"]["name"]: pod_labels(o) for o in objects if o["kind"] in ("Deployment", "StatefulSet", "CronJob")}
    tests = {o["metadata"]["name"]: o["metadata"]["labels"] for o in objects if o["kind"] == "Pod"}
    frontend, backend, pg = labels["todo-chatbot-frontend"], labels["todo-chatbot-backend"], labels["todo-chatbot-postgresql"]
    stranger = {"app.kubernetes.io/name": "something-else", "app.kubernetes.io/instance": "todo-chatbot"}
    http, pgport = {"http": 8080}, {"postgresql": 5432}
    # Every workload is covered by a policy.
    for name, pod in labels.items():
        assert any(np["spec"]["podSelector"]["matchLabels"].items() <= pod.items() for np in policies), name
    assert allowed(policies, frontend, backend, 8080, http), "frontend -> backend"
    assert allowed(policies, backend, pg, 5432, pgport), "backend -> postgresql"
    assert allowed(policies, labels["todo-chatbot-backup"], pg, 5432, pgport), "backup -> postgresql"
    assert not allowed(policies, labels["todo-chatbot-backup"], backend, 8080, http), "the backup job calls no app"
    assert not allowed(policies, frontend, pg, 5432, pgport), "frontend must not reach postgresql"
    assert not allowed(policies, stranger, backend, 8080, http), "other pods must not reach the backend"
    assert not allowed(policies, stranger, pg, 5432, pgport), "other pods must not reach postgresql"
    assert allowed(policies, tests["todo-chatbot-backend-test-ready"], backend, 8080, http), "helm test -> backend"
    assert allowed(policies, stranger, frontend, 8080, http), "the UI is public"
    assert not allowed(policies, backend, frontend, 8080, http), "the backend has no business calling the UI"
    # DNS egress for both apps; PostgreSQL has none at all.
    dns = {"k8s-app": "kube-dns"}
    assert allowed(policies, frontend, dns, 53, {}) and allowed(policies, backend, dns, 53, {})
    assert not allowed(policies, pg, dns, 53, {})


@pytest.mark.parametrize("sid", ["umbrella-default", "umbrella-dev", "umbrella-prod"])
def test_backup_cronjob(rendered, sid):
    """Off by default and in dev; in prod a nightly `todo-api backup --dir`
    of the release's database onto a PVC of its own that outlives uninstall,
    in the backend's image, keeping a count of dumps."""
    objects = objs(rendered, sid)
    cronjobs = render.find(objects, "CronJob")
    if sid != "umbrella-prod":
        assert not cronjobs and not render.find(objects, "PersistentVolumeClaim"), sid
        return
    (cronjob,) = cronjobs
    assert cronjob["spec"]["concurrencyPolicy"] == "Forbid"
    job = cronjob["spec"]["jobTemplate"]["spec"]
    assert job["activeDeadlineSeconds"] > 0 and job["backoffLimit"] >= 1
    pod = job["template"]["spec"]
    assert pod["restartPolicy"] == "Never"
    (container,) = pod["containers"]
    backend_image = render.one(objects, "Deployment", "todo-chatbot-backend")["spec"]["template"]["spec"]["containers"][0]["image"]
    assert container["image"] == backend_image
    args = container["args"]
    assert args[:3] == ["backup", "--dir", "/backups"] and args[3] == "--keep" and int(args[4]) >= 1, args
    env = {e["name"]: e for e in container["env"]}
    assert env["DATABASE_URL"]["valueFrom"]["secretKeyRef"] == {"name": "todo-chatbot-secrets", "key": "DATABASE_URL"}
    (mount,) = container["volumeMounts"]
    volumes = {v["name"]: v for v in pod["volumes"]}
    claim = volumes[mount["name"]]["persistentVolumeClaim"]["claimName"]
    pvc = render.one(objects, "PersistentVolumeClaim", claim)
    assert pvc["metadata"]["annotations"]["helm.sh/resource-policy"] == "keep"
    assert mount["mountPath"] == "/backups" and pvc["spec"]["resources"]["requests"]["storage"]
    assert "memory" in container["resources"]["limits"]
    # The volume is writable by the image's user.
    assert pod["securityContext"]["fsGroup"] == pod["securityContext"]["runAsUser"] == 65532


def test_prod_scaling_and_budgets(rendered):
    objects = objs(rendered, "umbrella-prod")
    backend = render.one(objects, "Deployment", "todo-chatbot-backend")
    assert "replicas" not in backend["spec"], "the HPA owns the replica count"
    hpa = render.one(objects, "HorizontalPodAutoscaler", "todo-chatbot-backend")
    assert hpa["spec"]["scaleTargetRef"]["name"] == "todo-chatbot-backend" and hpa["spec"]["minReplicas"] >= 2
    for name in APP_DEPLOYMENTS:
        pdb = render.one(objects, "PodDisruptionBudget", name)
        assert pdb["spec"]["selector"]["matchLabels"].items() <= render.one(objects, "Deployment", name)["spec"]["template"]["metadata"]["labels"].items()
    ingress = render.one(objects, "Ingress", "todo-chatbot-frontend")
    assert ingress["spec"]["tls"] and ingress["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"]["name"] == "todo-chatbot-frontend"
    # Connections: pods x pool stays under PostgreSQL's max_connections.
    pool = int(render.one(objects, "ConfigMap", "todo-chatbot-backend")["data"]["DB_POOL_SIZE"])
    pg_args = render.one(objects, "StatefulSet", "todo-chatbot-postgresql")["spec"]["template"]["spec"]["containers"][0]["args"]
    max_connections = int(pg_args[pg_args.index("-c") + 1].split("=")[1])
    assert hpa["spec"]["maxReplicas"] * pool < max_connections


def test_notes_print_the_url(charts):
    text = render.notes(charts / "todo-chatbot", {}, name="todo-chatbot")
    assert "minikube service todo-chatbot-frontend" in text and ":30001" in text
    # accounts mode is the default: the first visitor must sign up.
    assert "no account exists yet" in text and "Create an account" in text
    frontend = render.notes(charts / "todo-chatbot-frontend", {}, name="todo-chatbot-frontend")
    assert "Create an account" in frontend


# ---- plain manifests for kubectl (deploy/manifests/) ----------------------------------


def test_committed_manifests_are_fresh(charts):
    """deploy/manifests/todo-chatbot.yaml is exactly what the charts render now."""
    fresh = manifests.render_manifests(charts)
    committed = manifests.OUTPUT.read_text() if manifests.OUTPUT.exists() else ""
    assert committed == fresh, "deploy/manifests/todo-chatbot.yaml is stale: run deploy/scripts/render-manifests.sh (make manifests)"


def test_committed_manifests_are_valid_and_hold_no_secret(bin_dir):
    path = manifests.OUTPUT
    for version in ("1.25.0", "1.37.0"):
        result = subprocess.run([tool(bin_dir, "kubernetes-validate"), "--strict", "--quiet", "-k", version, str(path)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stdout + result.stderr
    result = subprocess.run([tool(bin_dir, "yamllint"), "--strict", "-c", str(TESTS / "yamllint.yaml"), str(path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    objects = [o for o in yaml.safe_load_all(path.read_text()) if o]
    assert objects[0]["kind"] == "Namespace" and objects[0]["metadata"]["name"] == manifests.NAMESPACE
    assert all(o["metadata"].get("namespace", manifests.NAMESPACE) == manifests.NAMESPACE for o in objects)
    assert not [o for o in objects if "helm.sh/hook" in (o["metadata"].get("annotations") or {})], "no helm test pods"
    kinds = [o["kind"] for o in objects]
    assert kinds.index("Secret") < kinds.index("StatefulSet") and kinds.index("ConfigMap") < kinds.index("Deployment")
    # The only Secret carries the placeholder in plain text, never a generated password.
    (secret,) = [o for o in objects if o["kind"] == "Secret"]
    assert "data" not in secret
    assert secret["stringData"]["POSTGRES_PASSWORD"] == manifests.PASSWORD_PLACEHOLDER
    assert secret["stringData"]["DATABASE_URL"] == (
        f"postgres://todo:{manifests.PASSWORD_PLACEHOLDER}@todo-chatbot-postgresql:5432/todo")
    # The header explains the placeholder and how to replace it.
    header = path.read_text().split("\n---\n")[0]
    assert manifests.PASSWORD_PLACEHOLDER in header and "sed " in header and "lookup" in header
    for o, spec in pod_templates(objects):
        assert_restricted(f"{o['kind']}/{o['metadata']['name']}", spec)
