"""Settings that keep the site safe and private."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

ROOT = Path(__file__).resolve().parent.parent


def run_wsgi(**env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "-c", "import wzl_site.wsgi"],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_refuses_to_start_with_the_development_secret_key():
    result = run_wsgi()
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_production_starts_with_its_own_secret_key():
    assert run_wsgi(DJANGO_SECRET_KEY="a-real-secret-" + "x" * 40).returncode == 0


@pytest.mark.parametrize("name", ["home", "visit", "services:topic_list", "partners:partner_list"])
def test_public_pages_load_nothing_from_another_origin_and_set_no_cookie(
    client, seed_content, name
):
    with translation.override("ar"):
        response = client.get(reverse(name))
    html = response.content.decode()
    loaded = re.findall(
        r'<(?:script|img|iframe|link|source|video|audio)[^>]+(?:src|href)="([^"]+)"', html
    )
    loaded = [u for u in loaded if 'rel="alternate"' not in u]
    assert loaded, "expected at least the stylesheet"
    for url in re.findall(r'<(?:script|img|iframe|source)[^>]+src="([^"]+)"', html):
        assert url.startswith("/"), url
    for tag in re.findall(r"<link[^>]+>", html):
        if 'rel="stylesheet"' in tag or 'rel="icon"' in tag:
            assert re.search(r'href="/', tag), tag
    assert not response.cookies


def test_security_headers(client, seed_content):
    response = client.get("/de/")
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
