"""The packaging in deploy/ is valid and agrees with the code.

- the Kustomize overlay builds (kubectl) and every object validates against the Kubernetes
  schemas (kubernetes-validate, strict); KEDA's ScaledObject and TriggerAuthentication are
  custom resources those schemas do not know, so their required fields are checked here;
- the compose file validates against the Compose specification (check-jsonschema's vendored
  schema);
- each Dockerfile passes hadolint;
- RabbitMQ's definitions and the ScaledObjects name what shared/bus/topology.py declares;
- each service's port, database, broker user and secrets agree across compose, the manifests and
  the code.

A missing tool skips its test loudly, or fails it when CI=true.
"""

from __future__ import annotations

import difflib
import importlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from shared.bus.settings import BusSettings
from matcher.index_feed import replica_name
from shared.bus.topology import CONSUMERS, Topology
from tests.servers import in_ci

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
SERVICES = {"intake": 8000, "matcher": 8001, "notifier": 8002, "portal": 8003, "fairday": 8004}
# The services that own a database and log in to RabbitMQ as themselves (the portal does neither).
BACKENDS = ("intake", "matcher", "notifier", "fairday")
K8S_VERSIONS = ("1.30.0", "1.37.0")  # the oldest still supported upstream in 2025, and the newest known
KEDA = "keda.sh/v1alpha1"


def require_tool(name: str) -> str:
    """The path of ``name`` (beside this Python, else on PATH); skip loudly, or fail in CI."""
    beside = Path(sys.executable).parent / name
    found = str(beside) if beside.exists() else shutil.which(name)
    if found is None:
        message = f"{name} is not installed (pip install -c constraints.txt '.[test]', or kubectl for kustomize)"
        if in_ci():
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(f"SKIPPED LOUDLY: {message}")
    return found


def require_module(name: str):
    """Import ``name``; skip loudly, or fail in CI, when it is not installed."""
    try:
        return importlib.import_module(name)
    except ImportError:
        message = f"{name} is not installed (pip install -c constraints.txt '.[test]')"
        if in_ci():
            pytest.fail(f"CI=true and {message}", pytrace=False)
        pytest.skip(f"SKIPPED LOUDLY: {message}")


def run(command: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=120, cwd=REPO)


def topology() -> Topology:
    return Topology(BusSettings(url="amqp://rabbitmq/jobmatch", prefix=""))


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_listens_by_default_on_the_port_deploy_gives_it(service):
    assert importlib.import_module(f"{service}.config").DEFAULT_PORT == SERVICES[service]


# --- Kubernetes ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def k8s_objects() -> list[dict]:
    kubectl = require_tool("kubectl")
    built = run([kubectl, "kustomize", "deploy/k8s/overlays/example"])
    assert built.returncode == 0, built.stderr
    return [doc for doc in yaml.safe_load_all(built.stdout) if doc]


def of_kind(objects, kind):
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def test_every_builtin_object_validates_against_the_kubernetes_schemas(k8s_objects):
    kubernetes_validate = require_module("kubernetes_validate")
    checked = 0
    for obj in k8s_objects:
        if obj["apiVersion"] == KEDA:
            continue
        for version in K8S_VERSIONS:
            try:
                kubernetes_validate.validate(obj, version, strict=True)
            except kubernetes_validate.ValidationError as exc:
                pytest.fail(f"{obj['kind']} {obj['metadata']['name']} (Kubernetes {version}): {exc.message}")
        checked += 1
    kinds = {o["kind"] for o in k8s_objects}
    assert {"Namespace", "Deployment", "Service", "PodDisruptionBudget", "ConfigMap", "Secret"} <= kinds
    assert checked == len([o for o in k8s_objects if o["apiVersion"] != KEDA])


def test_each_service_has_a_deployment_service_and_disruption_budget(k8s_objects):
    for kind in ("Deployment", "Service", "PodDisruptionBudget"):
        assert set(of_kind(k8s_objects, kind)) == set(SERVICES), kind
    assert all(o["metadata"].get("namespace") == "jobmatch-example"
               for o in k8s_objects if o["kind"] != "Namespace")


@pytest.mark.parametrize("service", SERVICES)
def test_deployment_probes_resources_and_security(k8s_objects, service):
    deployment = of_kind(k8s_objects, "Deployment")[service]
    pod = deployment["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["image"].startswith(f"registry.example.org/jobmatch/{service}:")
    assert container["ports"] == [{"name": "http", "containerPort": SERVICES[service]}]
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
    assert {"cpu", "memory"} <= set(container["resources"]["requests"]) and \
           {"cpu", "memory"} <= set(container["resources"]["limits"])
    assert pod["securityContext"]["runAsNonRoot"] is True and pod["securityContext"]["runAsUser"] != 0
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] is True and security["allowPrivilegeEscalation"] is False
    mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert "emptyDir" in volumes[mounts["/app/var"]] and "emptyDir" in volumes[mounts["/tmp"]]


@pytest.mark.parametrize("service", SERVICES)
def test_credentials_come_from_secrets_and_settings_from_config_maps(k8s_objects, service):
    secrets = of_kind(k8s_objects, "Secret")
    config_maps = of_kind(k8s_objects, "ConfigMap")
    (container,) = of_kind(k8s_objects, "Deployment")[service]["spec"]["template"]["spec"]["containers"]
    env = {e["name"]: e for e in container["env"]}
    secret_names = {"JOBMATCH_ADMIN_TOKEN", "JOBMATCH_BROKER_URL", f"{service.upper()}_DATABASE_URL",
                    "NOTIFIER_SMTP_URL", "NOTIFIER_SMS_API_TOKEN", "PORTAL_SECRET_KEY"}
    settings = {}
    for source in container["envFrom"]:
        settings.update(config_maps[source["configMapRef"]["name"]]["data"])
    assert not secret_names & set(settings), "a credential in a ConfigMap"
    for name, entry in env.items():
        assert name in secret_names and "value" not in entry, name
        ref = entry["valueFrom"]["secretKeyRef"]
        assert ref["key"] in secrets[ref["name"]]["data"], f"{name}: {ref} is not generated"
    assert "JOBMATCH_ADMIN_TOKEN" in env
    if service != "portal":
        assert {"JOBMATCH_BROKER_URL", f"{service.upper()}_DATABASE_URL"} <= set(env)
    assert settings[f"{service.upper()}_HOST"] == "0.0.0.0"
    assert int(settings[f"{service.upper()}_PORT"]) == SERVICES[service]
    assert "JOBMATCH_BUS_PREFIX" not in settings, "the ScaledObjects' queue names assume no prefix"


def _require_fields(obj: dict, paths: list[str]) -> None:
    for path in paths:
        value = obj
        for part in path.split("."):
            assert isinstance(value, dict) and part in value, f"{obj['kind']} {obj['metadata']['name']} lacks {path}"
            value = value[part]


def test_keda_objects_have_their_required_fields_and_point_at_real_things(k8s_objects):
    # kubernetes-validate knows no CRDs: these are KEDA's required fields (keda.sh/v1alpha1).
    deployments = of_kind(k8s_objects, "Deployment")
    secrets = of_kind(k8s_objects, "Secret")
    auths = of_kind(k8s_objects, "TriggerAuthentication")
    scaled = of_kind(k8s_objects, "ScaledObject")
    assert set(scaled) == {"matcher", "notifier", "fairday"}
    for auth in auths.values():
        for ref in auth["spec"]["secretTargetRef"]:
            assert {"parameter", "name", "key"} <= set(ref)
            assert ref["key"] in secrets[ref["name"]]["data"]
    queues = {spec.service: topology().queue_name(spec.service) for spec in CONSUMERS}
    for name, obj in scaled.items():
        _require_fields(obj, ["metadata.name", "spec.scaleTargetRef.name", "spec.triggers"])
        assert obj["spec"]["scaleTargetRef"]["name"] in deployments
        assert obj["spec"]["minReplicaCount"] >= 1, "the services answer HTTP: never scale to zero"
        (trigger,) = obj["spec"]["triggers"]
        assert trigger["type"] == "rabbitmq"
        metadata = trigger["metadata"]
        assert metadata["queueName"] == queues[name]
        assert metadata["mode"] == "QueueLength" and int(metadata["value"]) > 0
        assert metadata["protocol"] == "amqp"
        assert trigger["authenticationRef"]["name"] in auths
    # Matcher replicas share matcher.documents and each keeps its whole index from its own queue of
    # index updates: several may run, and at least two do (one is replaced while the other ranks).
    assert scaled["matcher"]["spec"]["maxReplicaCount"] > scaled["matcher"]["spec"]["minReplicaCount"] >= 2
    assert deployments["matcher"]["spec"]["replicas"] >= 2
    assert deployments["matcher"]["spec"]["strategy"]["type"] == "RollingUpdate"
    # One fairday serves a venue; KEDA adds more only when its queue backs up.
    assert deployments["fairday"]["spec"]["replicas"] == scaled["fairday"]["spec"]["minReplicaCount"] == 1


def test_the_portal_finds_every_other_service_by_its_service_name(k8s_objects):
    config_maps = of_kind(k8s_objects, "ConfigMap")
    (portal_config,) = [c["data"] for name, c in config_maps.items() if name.startswith("portal-config")]
    compose_env = compose()["services"]["portal"]["environment"]
    for service, port in SERVICES.items():
        if service != "portal":
            assert portal_config[f"PORTAL_{service.upper()}_URL"] == f"http://{service}:{port}", service
            assert compose_env[f"PORTAL_{service.upper()}_URL"] == f"http://{service}:{port}", service


# --- Compose ------------------------------------------------------------------------------------

def compose() -> dict:
    return yaml.safe_load((DEPLOY / "compose.yaml").read_text())


def test_compose_file_follows_the_compose_specification():
    checker = require_tool("check-jsonschema")
    checked = run([checker, "--builtin-schema", "vendor.compose-spec", "deploy/compose.yaml"])
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_compose_services_wait_for_healthy_dependencies_and_hold_no_secrets():
    services = compose()["services"]
    assert set(SERVICES) <= set(services)
    for name in SERVICES:
        service = services[name]
        assert service["build"]["dockerfile"] == f"deploy/docker/{name}.Dockerfile"
        assert all(dep["condition"] == "service_healthy" for dep in service["depends_on"].values())
        for key, value in service["environment"].items():
            if re.search(r"TOKEN|SECRET|PASSWORD", key) or re.search(r"://[^@/]+:[^@/]+@", str(value)):
                assert "${" in str(value), f"{name}: {key} holds a literal secret"
    for name in ("rabbitmq", "postgres", "mailpit", "sms-gateway"):
        assert "healthcheck" in services[name], name
    # Every secret variable the stack uses is in .env.example.
    used = set(re.findall(r"\$\{(\w+)", (DEPLOY / "compose.yaml").read_text()))
    used |= {s["environment"] for s in compose()["secrets"].values()}
    example = {line.split("=", 1)[0] for line in (DEPLOY / ".env.example").read_text().splitlines()
               if line and not line.startswith("#")}
    assert used == example


def test_compose_broker_urls_use_each_services_own_user_on_the_jobmatch_vhost():
    services = compose()["services"]
    for name in BACKENDS:
        url = services[name]["environment"]["JOBMATCH_BROKER_URL"]
        assert re.fullmatch(rf"amqp://{name}:\$\{{RABBITMQ_{name.upper()}_PASSWORD[^}}]*\}}@rabbitmq:5672/jobmatch", url), url


def test_compose_gives_each_service_its_own_database_and_passwords_from_secrets():
    services = compose()["services"]
    created = re.search(r"^for service in (.+); do$", (DEPLOY / "postgres" / "create-databases.sh").read_text(), re.M)
    assert created and created.group(1).split() == list(BACKENDS)
    given = re.search(r"^for user in (.+); do$", (DEPLOY / "rabbitmq" / "set-passwords.sh").read_text(), re.M)
    assert given and given.group(1).split() == [u["name"] for u in definitions()["users"]]
    for name in BACKENDS:
        url = services[name]["environment"][f"{name.upper()}_DATABASE_URL"]
        assert re.fullmatch(rf"postgresql://{name}:\$\{{{name.upper()}_DB_PASSWORD[^}}]*\}}@postgres:5432/jobmatch_{name}", url), url
        assert f"{name}_db_password" in services["postgres"]["secrets"], name
        assert compose()["secrets"][f"{name}_db_password"] == {"environment": f"{name.upper()}_DB_PASSWORD"}
    for user in [u["name"] for u in definitions()["users"]]:
        assert f"rabbitmq_{user}_password" in services["rabbitmq"]["secrets"], user
        assert compose()["secrets"][f"rabbitmq_{user}_password"] == {"environment": f"RABBITMQ_{user.upper()}_PASSWORD"}
    for name, port in SERVICES.items():
        assert services[name]["ports"] == [f"127.0.0.1:{port}:{port}"], name


# --- RabbitMQ definitions -----------------------------------------------------------------------

def definitions() -> dict:
    return json.loads((DEPLOY / "rabbitmq" / "definitions.json").read_text())


def allowed(user: str, right: str, name: str) -> bool:
    (entry,) = [p for p in definitions()["permissions"] if p["user"] == user and p["vhost"] == "jobmatch"]
    return re.fullmatch(entry[right], name) is not None  # RabbitMQ anchors with ^...$ itself


def test_rabbitmq_users_may_do_what_their_service_does_and_no_more():
    t = topology()
    exchanges = [t.events.name, t.retry.name, t.dead_letter.name]
    queues = {s.service: [t.queue_name(s.service), f"{t.queue_name(s.service)}.dead-letter"] for s in CONSUMERS}
    all_queues = [q for qs in queues.values() for q in qs]
    assert [s.service for s in CONSUMERS] == [s for s in BACKENDS if s != "intake"]
    for user in BACKENDS:
        # Every service declares the whole topology on connect: configure on each name, write on
        # each queue and read on each exchange (queue.bind), and nothing else.
        for name in exchanges + all_queues:
            assert allowed(user, "configure", name), (user, name)
        for name in all_queues:
            assert allowed(user, "write", name), (user, name)
        for name in exchanges:
            assert allowed(user, "read", name), (user, name)
        for right in ("configure", "write", "read"):
            for stranger in ("amq.default", "", "other.queue", "jobmatch.eventsX", "xmatcher.documents"):
                assert not allowed(user, right, stranger), (user, right, stranger)
    # intake publishes domain events only, and reads no queue.
    assert allowed("intake", "write", t.events.name)
    assert not allowed("intake", "write", t.retry.name) and not allowed("intake", "write", t.dead_letter.name)
    assert not any(allowed("intake", "read", q) for q in all_queues)
    # Each consumer publishes events, retries and dead letters, and reads only its own queues.
    for user in queues:
        assert all(allowed(user, "write", e) for e in exchanges)
        assert all(allowed(user, "read", q) for q in queues[user])
        assert not any(allowed(user, "read", q) for other in queues if other != user for q in queues[other])
    # The index-updates fanout exchange: every service declares it (the whole topology); only the
    # matcher publishes to it and binds, reads and deletes its replicas' own queues.
    replica_queues = [t.index_queue_name(name) for name in ("matcher-7d9f8c-x2kq-12-0a1b2c3d", replica_name())]
    for user in BACKENDS:
        assert allowed(user, "configure", t.index_updates.name), user
    for right in ("configure", "write", "read"):
        assert allowed("matcher", right, t.index_updates.name), right
        assert all(allowed("matcher", right, q) for q in replica_queues), right
        for user in ("intake", "notifier", "fairday"):
            assert not any(allowed(user, right, q) for q in replica_queues), (user, right)
    for user in ("intake", "notifier", "fairday"):
        assert not allowed(user, "write", t.index_updates.name) and not allowed(user, "read", t.index_updates.name)
    for right in ("configure", "write", "read"):
        assert not allowed("matcher", right, "matcher.index-updates."), "a replica's queue has a name"
        assert not allowed("matcher", right, "matcher.index-updates.a/b")
    # KEDA only asks a queue's length (a passive declare): no rights at all.
    assert not any(allowed("keda", right, n) for right in ("configure", "write", "read")
                   for n in exchanges + all_queues + [t.index_updates.name] + replica_queues)
    assert all(u["password_hash"] == "" for u in definitions()["users"]), "passwords come from secrets"


def test_rabbitmq_policies_agree_with_the_declared_queue_arguments():
    t = topology()
    policies = definitions()["policies"]
    vhost = definitions()["vhosts"][0]
    assert vhost["name"] == "jobmatch" and vhost["metadata"]["default_queue_type"] == "quorum"
    for spec in CONSUMERS:
        queue = t.queue(spec.service)
        matching = [p for p in policies if re.search(p["pattern"], queue.name)]
        assert len(matching) == 1, queue.name
        (policy,) = matching
        assert policy["apply-to"] == "quorum_queues"
        arguments = queue.queue_arguments
        assert arguments["x-queue-type"] == "quorum"
        assert arguments["x-delivery-limit"] == BusSettings.from_env({}).delivery_limit  # the default, 5
        assert policy["definition"] == {
            "delivery-limit": arguments["x-delivery-limit"],
            "dead-letter-exchange": arguments["x-dead-letter-exchange"],
            "dead-letter-routing-key": arguments["x-dead-letter-routing-key"],
        }
        # Dead-letter queues themselves are never dead-lettered further.
        assert not any(re.search(p["pattern"], t.dead_letter_queue(spec.service).name) for p in policies)


# --- Dockerfiles --------------------------------------------------------------------------------

@pytest.mark.parametrize("service", SERVICES)
def test_dockerfile_passes_hadolint(service):
    hadolint = require_tool("hadolint")
    linted = run([hadolint, f"deploy/docker/{service}.Dockerfile"])
    assert linted.returncode == 0, linted.stdout + linted.stderr


def generic_dockerfile(service: str) -> str:
    text = (DEPLOY / "docker" / f"{service}.Dockerfile").read_text()
    return text.replace(service.upper(), "SVC").replace(service, "svc").replace(str(SERVICES[service]), "PORT")


def test_the_dockerfiles_differ_only_in_service_name_and_port():
    assert len({generic_dockerfile(s) for s in SERVICES if s != "fairday"}) == 1


def test_the_fairday_dockerfile_only_adds_the_offer_letters_fonts():
    base, fairday = generic_dockerfile("intake").splitlines(), generic_dockerfile("fairday").splitlines()
    added = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, base, fairday, autojunk=False).get_opcodes():
        assert tag in ("equal", "insert"), (base[i1:i2], fairday[j1:j2])
        added += fairday[j1:j2] if tag == "insert" else []
    instructions = [line for line in added if line.strip() and not line.startswith("#")]
    assert instructions[0] == "FROM python:3.11-slim-bookworm AS fonts"
    (packages,) = re.findall(r"apt-get install -y --no-install-recommends ([^\\]+)", "\n".join(added))
    assert [package.split("=")[0] for package in packages.split()] == ["fonts-noto-core"]
    copies = [line.split() for line in instructions if line.startswith("COPY")]
    assert copies and all(copy[1] == "--from=fonts" for copy in copies)
    noto = "/usr/share/fonts/truetype/noto/"
    fonts = sorted(source for copy in copies for source in copy[2:-1] if source.endswith(".ttf"))
    assert fonts == [noto + "NotoSans-*.ttf", noto + "NotoSansBengali-*.ttf"]
    # The runtime stage, which gets the fonts, is still the last one.
    assert [line for line in fairday if line.startswith("FROM")][-1].endswith("AS runtime")


@pytest.mark.parametrize("service", SERVICES)
def test_dockerfile_copies_only_the_service_and_shared_code(service):
    text = (DEPLOY / "docker" / f"{service}.Dockerfile").read_text()
    sources = [src for line in text.splitlines() if line.startswith("COPY ") and "--from" not in line
               for src in line.split()[1:-1]]
    assert sorted(sources) == sorted(["pyproject.toml", "constraints.txt", "shared", f"services/{service}/{service}"]), sources
    assert f'pip install --no-cache-dir -c constraints.txt ".[{service}]"' in text
    assert f'CMD ["python", "-m", "{service}"]' in text and f"EXPOSE {SERVICES[service]}" in text
    assert "USER 10001" in text and "/healthz" in text
    assert not re.search(r"^\s*ENV[^#]*JOBMATCH_ENV", text, re.M), "production mode is another change"


def test_dockerignore_keeps_local_state_and_tests_out_of_the_context():
    ignored = set((REPO / ".dockerignore").read_text().split())
    assert {".git", ".venv", "var", "tests", "data", "**/.env"} <= ignored
