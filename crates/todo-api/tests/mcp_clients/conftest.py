"""Servers for the MCP client tests: the built todo-api binary (--binary),
each with its own SQLite file and a port of its own choosing, one in
single-user mode and one in accounts mode with two users."""

import json
import os
import subprocess
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[4]


def pytest_addoption(parser):
    parser.addoption("--binary", default=str(REPO / "target/ci/todo-api"), help="the todo-api binary under test")


@dataclass
class Server:
    """A running todo-api: its address, database and binary, and (in accounts mode) users' tokens."""

    url: str
    database_url: str
    binary: str
    tokens: dict = field(default_factory=dict)

    def sign_up(self, username: str) -> str:
        body = json.dumps({"username": username, "password": "a test password that is long"}).encode()
        request = urllib.request.Request(
            f"{self.url}/api/v1/auth/signup", data=body, headers={"content-type": "application/json"}, method="POST"
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            token = json.load(response)["token"]
        self.tokens[username] = token
        return token


@pytest.fixture(scope="session")
def anyio_backend():
    return "asyncio"


@pytest.fixture(scope="session")
def binary(pytestconfig) -> str:
    path = Path(pytestconfig.getoption("binary")).resolve()
    if not os.access(path, os.X_OK):
        pytest.exit(f"no todo-api binary at {path} (build it, or pass --binary)", returncode=2)
    return str(path)


def _start(binary: str, auth_mode: str, folder: Path):
    """Starts todo-api on a port it picks (API_PORT=0), read from its 'listening' log line."""
    log_path = folder / f"{auth_mode}.log"
    database_url = f"sqlite://{folder / f'{auth_mode}.db'}"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "API_HOST": "127.0.0.1",
        "API_PORT": "0",
        "DATABASE_URL": database_url,
        "AUTH_MODE": auth_mode,
        "DRAIN_DELAY": "0",
        "LOG_LEVEL": "info",
        "LOG_FORMAT": "json",
    }
    with open(log_path, "w") as log:
        process = subprocess.Popen([binary], env=env, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        for line in log_path.read_text().splitlines():
            event = json.loads(line)
            if "port" in event and str(event.get("message", "")).startswith("listening"):
                return process, Server(f"http://127.0.0.1:{event['port']}", database_url, binary)
        if process.poll() is not None:
            pytest.fail(f"todo-api ({auth_mode}) exited: {log_path.read_text()}")
        time.sleep(0.05)
    process.kill()
    pytest.fail(f"todo-api ({auth_mode}) did not start: {log_path.read_text()}")


def _stop(process):
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def single_user(binary, tmp_path_factory):
    process, server = _start(binary, "single-user", tmp_path_factory.mktemp("single-user"))
    yield server
    _stop(process)


@pytest.fixture(scope="session")
def accounts(binary, tmp_path_factory):
    process, server = _start(binary, "accounts", tmp_path_factory.mktemp("accounts"))
    server.sign_up("alice")
    server.sign_up("bob")
    yield server
    _stop(process)
