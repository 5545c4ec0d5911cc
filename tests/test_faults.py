"""When the database or the cache fails: a translated 503 page, an honest health check, recovery.

The outage test starts a PostgreSQL server of its own (initdb into a temporary directory, a free
port), runs the site against it in gunicorn as production does, stops the server, and starts it
again: never the shared server.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from django.core.cache.backends.base import BaseCache
from django.db import OperationalError, connection

from tests.conftest import pg_bindir

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
ADDRESS = "Otto-Schill-Straße 2"


def refuse_every_query(execute, sql, params, many, context):
    raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")


# --- The 503 page ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "monday", "heading"),
    [("de", "Montag", "Adresse"), ("en", "Monday", "Address"), ("ar", "الاثنين", "العنوان")],
)
def test_page_answers_503_with_address_and_hours_when_the_database_fails(
    client, language, monday, heading
):
    # Every query fails, those of the 503 page included: so the page must make none.
    with connection.execute_wrapper(refuse_every_query):
        response = client.get(f"/{language}/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    assert f'<html lang="{language}"' in html
    assert ADDRESS in html and "Leipzig" in html
    assert monday in html and heading in html
    assert '<bdi dir="ltr">13:00–17:00</bdi>' in html
    assert '<bdi dir="ltr">09:00–13:00</bdi>' in html


@pytest.mark.django_db
def test_right_to_left_503_page(client):
    with connection.execute_wrapper(refuse_every_query):
        response = client.get("/ar/visit/")
    assert response.status_code == 503
    assert 'dir="rtl"' in response.content.decode()


@pytest.mark.django_db
def test_other_errors_are_not_turned_into_503(client, monkeypatch):
    def fail(**kwargs):
        raise ValueError("a bug, not an outage")

    monkeypatch.setattr("wzl_site.views.centre_location", fail)
    client.raise_request_exception = False
    assert client.get("/de/").status_code == 500


# --- /healthz ----------------------------------------------------------------------------------


class BrokenCache(BaseCache):
    """A cache server that cannot be reached."""

    def __init__(self, location, params):
        super().__init__(params)

    def get(self, key, default=None, version=None):
        raise ConnectionError("cache server unreachable")

    def set(self, key, value, timeout=None, version=None):
        raise ConnectionError("cache server unreachable")


@pytest.mark.django_db
def test_healthz_reports_database_and_cache_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_answers_503_when_the_cache_fails(client, settings):
    settings.CACHES = {"default": {"BACKEND": "tests.test_faults.BrokenCache"}}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "ok", "cache": "error"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_fails(client, monkeypatch):
    def unreachable(alias):
        raise OperationalError("connection refused")

    monkeypatch.setattr("wzl_site.views.connections.create_connection", unreachable)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"database": "error", "cache": "ok"}


# --- Timeouts ----------------------------------------------------------------------------------


def database_options(**env) -> dict:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps(settings.DATABASES['default'].get('OPTIONS', {})))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "wzl_site.settings"} | env,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def test_database_timeouts_default_and_from_the_environment():
    assert database_options(DATABASE_URL="postgres://u@db/wzl") == {
        "connect_timeout": 3,
        "options": "-c statement_timeout=5000",
    }
    assert database_options(
        DATABASE_URL="postgres://u@db/wzl",
        DJANGO_DB_CONNECT_TIMEOUT="5",
        DJANGO_DB_STATEMENT_TIMEOUT_MS="0",
    ) == {"connect_timeout": 5, "options": "-c statement_timeout=0"}
    assert database_options() == {"timeout": 5}


# --- An outage of a real PostgreSQL server -----------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class ThrowawayCluster:
    """A PostgreSQL server in a temporary directory, on a free port, only for this test."""

    def __init__(self):
        self.bindir = pg_bindir()
        self.dir = Path(tempfile.mkdtemp(prefix="wzl-pgcluster-"))
        self.data = self.dir / "data"
        self.port = free_port()
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            shutil.chown(self.dir, "postgres", "postgres")

    def run(self, *args: str) -> None:
        command = [f"{self.bindir}/{args[0]}", *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        subprocess.run(command, check=True, capture_output=True, timeout=120)

    def init(self) -> None:
        self.run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )

    def start(self) -> None:
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        log = str(self.dir / "log")
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-l", log, "-w", "start")

    def stop(self) -> None:
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/postgres"

    @contextmanager
    def paused(self):
        """The server and its processes stopped with SIGSTOP, as a hung machine looks."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = Path(f"/proc/{postmaster}/task/{postmaster}/children").read_text().split()
        pids = [postmaster, *map(int, children)]
        try:
            for pid in pids:
                os.kill(pid, signal.SIGSTOP)
            yield
        finally:
            for pid in pids:
                with suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGCONT)

    def remove(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.dir, ignore_errors=True)


def fetch(url: str) -> tuple[int, dict, str, float]:
    """Status, headers, body and seconds taken; an error status is an answer too."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            status, headers, body = response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    return status, dict(headers), body.decode(), time.monotonic() - started


@contextmanager
def gunicorn(env: dict, config: Path):
    """gunicorn as in production, one worker; the address it serves."""
    port = free_port()
    server = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "wzl_site.wsgi",
            "--config",
            str(config),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--no-control-socket",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/robots.txt", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def throwaway_cluster():
    """A PostgreSQL server of this test's own with the seed content, and the site's environment
    for it: DEBUG off, static files collected, as production runs."""
    cluster = ThrowawayCluster()
    try:
        cluster.init()
        cluster.start()
        clean = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("DJANGO_", "DATABASE_URL", "CACHE_URL"))
        }
        env = clean | {
            "DJANGO_SECRET_KEY": "test-outage-secret-" + "x" * 40,
            "DJANGO_STATIC_ROOT": str(cluster.dir / "static"),
            "DATABASE_URL": cluster.url,
        }
        for command in (["collectstatic", "--noinput"], ["migrate"], ["load_wzl_content"]):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=env,
                check=True,
                capture_output=True,
                timeout=300,
            )
        config = cluster.dir / "gunicorn.conf.py"
        config.write_text("")  # gunicorn's defaults, whatever the repository's configuration
        yield cluster, env, config
    finally:
        cluster.remove()


@pytest.mark.pgcluster
def test_site_answers_503_while_postgresql_is_down_and_recovers_by_itself(throwaway_cluster):
    cluster, env, config = throwaway_cluster
    with gunicorn(env, config) as base:
        status, _headers, html, _seconds = fetch(base + "/de/")
        assert status == 200 and ADDRESS in html
        assert fetch(base + "/healthz")[:3:2] == (200, '{"database": "ok", "cache": "ok"}')

        cluster.stop()
        try:
            # The home page was served before: the page cache still has it.
            status, _headers, html, seconds = fetch(base + "/de/")
            assert status == 200 and ADDRESS in html and seconds < 2
            # Pages that need the database answer 503 with the address and hours.
            for path, monday in [
                ("/ar/", "الاثنين"),
                ("/en/topics/", "Monday"),
                ("/de/partners/", "Montag"),
            ]:
                status, headers, html, seconds = fetch(base + path)
                assert status == 503, path
                assert headers["Retry-After"] == "30"
                assert ADDRESS in html and monday in html
                assert seconds < 2, f"{path} took {seconds:.2f} s"
            status, _headers, body, seconds = fetch(base + "/healthz")
            assert status == 503 and seconds < 2
            assert json.loads(body) == {"database": "error", "cache": "ok"}
            assert fetch(base + "/robots.txt")[0] == 200  # needs no database
        finally:
            cluster.start()

        status, _headers, html, _seconds = fetch(base + "/de/")
        assert status == 200 and "Montag" in html
        assert fetch(base + "/ar/")[0] == 200
        assert fetch(base + "/healthz")[0] == 200


@pytest.mark.pgcluster
def test_hung_postgresql_costs_a_request_the_connect_timeout_only(throwaway_cluster):
    """The server's processes paused: with the default of a new connection per request, each
    request gives up after the connect timeout (3 s) instead of holding the worker (the page
    cache is off here, and the partner list is a page that needs the database every time)."""
    cluster, env, config = throwaway_cluster
    with gunicorn(env | {"DJANGO_PAGE_CACHE_SECONDS": "0"}, config) as base:
        assert fetch(base + "/de/partners/")[0] == 200
        with cluster.paused():
            status, headers, html, seconds = fetch(base + "/de/partners/")
            assert status == 503 and headers["Retry-After"] == "30" and ADDRESS in html
            assert seconds < 5, f"took {seconds:.2f} s"
            status, _headers, body, seconds = fetch(base + "/healthz")
            assert status == 503 and seconds < 5
            assert json.loads(body)["database"] == "error"
        assert fetch(base + "/de/partners/")[0] == 200
