"""The production path the Dockerfile takes: collectstatic, compiled catalogs, gunicorn."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def production(tmp_path_factory):
    """The site as the image runs it: DEBUG off, a real secret, static files collected."""
    tmp = tmp_path_factory.mktemp("production")
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env = clean | {
        "DJANGO_SECRET_KEY": "test-production-secret-" + "x" * 40,
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
    }

    def manage(*args):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )

    manage("collectstatic", "--noinput")
    manage("migrate")
    manage("load_wzl_content")
    port = free_port()
    server = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "-c",
            "gunicorn.conf.py",
            "wzl_site.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield base, tmp / "static"
    server.terminate()
    server.wait(timeout=10)


def fetch(url: str, **headers):
    request = urllib.request.Request(url, headers=headers)
    return urllib.request.urlopen(request, timeout=10)


def test_collectstatic_writes_hashed_and_compressed_files(production):
    _base, static = production
    hashed = [p for p in (static / "css").glob("site.*.css")]
    assert hashed, "no hashed stylesheet"
    assert Path(f"{hashed[0]}.gz").exists() and Path(f"{hashed[0]}.br").exists()


def test_gunicorn_serves_pages_with_hashed_static_files_compressed(production):
    base, _static = production
    with fetch(base + "/de/", **{"Accept-Language": "de"}) as response:
        html = response.read().decode()
    assert "Otto-Schill-Straße 2" in html
    stylesheet = html.split('rel="stylesheet" href="')[1].split('"')[0]
    assert stylesheet.startswith("/static/css/site.") and stylesheet.count(".") == 2
    with fetch(base + stylesheet, **{"Accept-Encoding": "br, gzip"}) as response:
        assert response.headers["Content-Encoding"] == "br"
        assert "immutable" in response.headers["Cache-Control"]


def test_production_pages_are_translated_from_compiled_catalogs(production):
    base, _static = production
    with fetch(base + "/uk/") as response:
        html = response.read().decode()
    assert '<html lang="uk" dir="ltr">' in html
    assert "Skip to content" not in html


def test_favicon_is_served_under_its_hashed_name(production):
    base, _static = production
    with fetch(base + "/de/") as response:
        html = response.read().decode()
    icons = re.findall(r'<link rel="icon" href="([^"]+)"', html)
    assert len(icons) == 2 and all(
        re.fullmatch(r"/static/icons/favicon\.\w+\.(ico|svg)", i) for i in icons
    )
    # Browsers and feed readers that ask for /favicon.ico without reading the page.
    with fetch(base + "/favicon.ico") as response:
        assert response.url == base + next(icon for icon in icons if icon.endswith(".ico"))
        assert response.read(4) == b"\0\0\1\0"  # an icon file
    for icon in icons:
        with fetch(base + icon) as response:
            assert "immutable" in response.headers["Cache-Control"]
