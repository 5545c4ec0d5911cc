"""Settings that keep the site safe and private."""

import os
import re
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from partners.models import Partner
from services.models import Topic
from tests.factories import make_offer, make_partner, make_topic, make_user

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


# --- Editors' Markdown cannot take pages down ------------------------------------------------

HOSTILE_MARKDOWN = {
    "nested lists": "- " * 500 + "x",
    "unclosed brackets": "[" * 6000,
    "more unclosed brackets": "[" * 16000,
}


@pytest.mark.django_db
@pytest.mark.parametrize("text", HOSTILE_MARKDOWN.values(), ids=HOSTILE_MARKDOWN.keys())
def test_hostile_markdown_in_an_offer_is_shown_escaped_on_partner_and_topic_pages(client, text):
    topic = make_topic()
    partner = make_partner()
    make_offer(partner=partner, topics=[topic], description_de=text + "<script>x</script>")
    for url in (partner.get_absolute_url(), topic.get_absolute_url()):
        started = time.monotonic()
        response = client.get(url)
        assert time.monotonic() - started < 2, url
        assert response.status_code == 200, url
        html = response.content.decode()
        assert text[:40] in html and "&lt;script&gt;x&lt;/script&gt;" in html, url


@pytest.mark.django_db
def test_markdown_still_renders_ordinary_texts(client):
    topic = make_topic(body_de="## Wohnen\n\n- eins\n- zwei [Mehr](https://example.org/)")
    html = client.get(topic.get_absolute_url()).content.decode()
    assert "<h2>Wohnen</h2>" in html and "<li>eins</li>" in html
    assert '<a href="https://example.org/" rel="noopener noreferrer">Mehr</a>' in html


def test_markdown_is_rendered_once_per_text_and_direction(monkeypatch):
    from wzl_site.templatetags import wzl_text

    calls = []
    render = wzl_text.render_markdown
    monkeypatch.setattr(
        wzl_text, "render_markdown", lambda text, rtl: calls.append(rtl) or render(text, rtl=rtl)
    )
    text = f"**einmal** {time.monotonic()}"
    for _ in range(3):
        with translation.override("de"):
            assert "<strong>einmal</strong>" in wzl_text.markdown(text)
        with translation.override("ar"):
            assert "<strong>" in wzl_text.markdown(text)
    assert calls == [False, True]


def test_a_failing_markdown_renderer_shows_the_text_escaped(monkeypatch):
    from wzl_site.templatetags import wzl_text

    def fail(text, rtl):
        raise RecursionError

    monkeypatch.setattr(wzl_text, "render_markdown", fail)
    text = f"a <b>\n\nb {time.monotonic()}"
    assert wzl_text.markdown(text).startswith("<p>a &lt;b&gt;</p>")


@pytest.mark.django_db
def test_the_admin_refuses_a_topic_body_longer_than_20000_characters(client):
    client.force_login(make_user(is_superuser=True))
    response = client.post(
        reverse("admin:services_topic_add"),
        {
            "slug": "too-long",
            "title_de": "Zu lang",
            "summary_de": "Kurz",
            "body_de": "x" * 20_001,
            "order": 0,
            "is_published": "on",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "Ensure this value has at most 20000 characters (it has 20001)." in (
        response.content.decode()
    )
    assert not Topic.objects.filter(slug="too-long").exists()


# --- Requests anyone can send never give a 500 ----------------------------------------------


@pytest.mark.django_db
def test_a_multipart_post_without_boundary_to_a_missing_page_is_a_client_error(client):
    response = client.generic(
        "POST",
        "/de/no-such-page/",
        b"x=1",
        content_type="multipart/form-data",
        HTTP_COOKIE="csrftoken=" + "a" * 32,
    )
    assert response.status_code in {400, 403, 404}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "extra"),
    [
        ("/admin/", {"HTTP_COOKIE": "sessionid=abc\x00def"}),
        ("/admin/services/topic/", {"HTTP_COOKIE": "csrftoken=\x00; sessionid=\x00"}),
        ("/de/", {"QUERY_STRING": "q=%00"}),
        ("/de/", {"PATH_INFO": "/de/\x00/"}),
    ],
)
def test_nul_bytes_in_cookies_paths_and_query_strings_are_refused(client, path, extra):
    response = client.get(path, **extra)
    assert response.status_code != 500
    assert response.status_code in {302, 400}


@pytest.mark.django_db
def test_a_404_page_links_only_into_the_site(client):
    response = client.get("/", PATH_INFO="//evil.example/")
    assert response.status_code == 404
    hrefs = re.findall(r'href="([^"]*)"', response.content.decode())
    assert hrefs
    foreign = [
        href
        for href in hrefs
        if href.startswith(("//", "/\\"))
        or (href.startswith("http") and not href.startswith("http://testserver/"))
        or "evil.example" in href
    ]
    assert foreign == [], hrefs
    assert "/en/" in hrefs and "/ar/" in hrefs


@pytest.mark.django_db
def test_the_language_switcher_keeps_the_page_it_can_resolve(client):
    topic = make_topic(slug="housing")
    html = client.get(topic.get_absolute_url() + "?x=1").content.decode()
    assert 'href="/ar/topics/housing/?x=1"' in html


# --- Request bodies and methods --------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("path", "length"),
    [("/de/", 1024 * 1024 + 1), ("/de/impressum/", 100 * 1024 * 1024), ("/admin/", 26 * 2**20)],
)
def test_request_bodies_over_the_limit_are_refused(client, path, length):
    response = client.generic("POST", path, b"x", CONTENT_LENGTH=str(length))
    assert response.status_code == 413


def test_gunicorn_configuration_bounds_requests_and_workers(monkeypatch):
    import runpy

    monkeypatch.setenv("GUNICORN_WORKERS", "2")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["workers"] <= 2
    assert config["timeout"] == 30 and config["graceful_timeout"] == 30
    assert config["limit_request_line"] == 8190 and config["limit_request_fields"] == 100
    assert config["accesslog"] == "-"
    assert "gunicorn.conf.py" in (ROOT / "Dockerfile").read_text()


def public_pages() -> list[str]:
    topic = Topic.objects.published().first()
    partner = Partner.objects.published().first()
    return [
        "/de/",
        topic.get_absolute_url(),
        partner.get_absolute_url(),
        reverse("visit"),
        reverse("calendar"),
        "/de/impressum/",
        "/sitemap.xml",
        "/robots.txt",
    ]


def test_public_pages_answer_only_get_and_head(client, seed_content):
    with translation.override("de"):
        urls = public_pages()
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert client.head(url).status_code == 200, url
        for method in ("POST", "PUT", "DELETE", "PATCH", "TRACE", "PROPFIND"):
            assert client.generic(method, url).status_code == 405, (method, url)


# --- Security headers and production settings ------------------------------------------------


@pytest.mark.parametrize("url", ["/de/", "/de/no-such-page/", "/admin/login/", "/robots.txt"])
def test_every_response_carries_the_security_headers(client, db, url):
    response = client.get(url, secure=True)
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert response["Strict-Transport-Security"] == "max-age=31536000"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_refused_requests_carry_the_security_headers_too(client, db):
    response = client.get("/de/", QUERY_STRING="q=%00")
    assert response.status_code == 400
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]


def readme_production_environment() -> dict[str, str]:
    """The variables the README's production example sets (secrets replaced by stand-ins)."""
    readme = (ROOT / "README.md").read_text()
    deploying = readme.split("## Deploying", 1)[1]
    block = deploying.split("```sh", 1)[1].split("```", 1)[0]
    env = {}
    for name, value in re.findall(r"(?:export |-e )([A-Z_]+)=(\S+)", block):
        env[name] = secrets.token_urlsafe(50) if value.startswith("$(") else value
    return env


def manage_check_deploy(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_readme_production_settings():
    env = readme_production_environment()
    for name in ("DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "DJANGO_SECURE_SSL_REDIRECT"):
        assert name in env, name
    result = manage_check_deploy(env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_warns_when_a_public_deployment_lacks_settings():
    result = manage_check_deploy({"DJANGO_SECRET_KEY": secrets.token_urlsafe(50)})
    assert result.returncode != 0
    assert "wzl.W001" in result.stderr + result.stdout
    result = manage_check_deploy(readme_production_environment() | {"DJANGO_SECURE_COOKIES": "0"})
    assert "wzl.E002" in result.stderr + result.stdout


def test_production_cookies_are_secure_unless_turned_off():
    code = "from django.conf import settings as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}

    def run(**env):
        return subprocess.run(
            [sys.executable, "-c", f"import django; django.setup(); {code}"],
            cwd=ROOT,
            env=clean | {"DJANGO_SETTINGS_MODULE": "wzl_site.settings"} | env,
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout.split()

    assert run() == ["True", "True", "31536000"]
    assert run(DJANGO_SECURE_COOKIES="0", DJANGO_HSTS_SECONDS="60") == ["False", "False", "60"]
    assert run(DJANGO_DEBUG="1") == ["False", "False", "0"]


@pytest.mark.parametrize("path", ["/de/", "/ar/topics/", "/de/visit/", "/de/calendar/"])
def test_anonymous_pages_set_no_cookie_and_answer_a_conditional_request_with_304(client, db, path):
    from tests.factories import make_centre

    make_centre()
    first = client.get(path)
    assert first.status_code == 200
    assert not first.cookies, first.cookies
    assert first["ETag"]
    again = client.get(path, headers={"if-none-match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert client.get(path, headers={"if-none-match": '"other"'}).status_code == 200


def start_wsgi(env: dict[str, str]) -> subprocess.CompletedProcess:
    """Load the WSGI application as gunicorn does when it starts a worker."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "-c", "import wzl_site.wsgi"],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_server_warns_loudly_at_start_when_a_public_deployment_lacks_settings():
    result = start_wsgi({"DJANGO_SECRET_KEY": secrets.token_urlsafe(50)})
    assert result.returncode == 0, result.stderr
    assert "PRODUCTION SETTING MISSING" in result.stderr and "wzl.W001" in result.stderr


def test_the_server_starts_quietly_with_the_readme_production_settings():
    result = start_wsgi(readme_production_environment())
    assert result.returncode == 0, result.stderr
    assert "PRODUCTION SETTING MISSING" not in result.stderr


def test_the_server_refuses_to_start_with_contradicting_settings():
    result = start_wsgi(readme_production_environment() | {"DJANGO_SECURE_COOKIES": "0"})
    assert result.returncode != 0
    assert "Refusing to serve" in result.stderr and "wzl.E002" in result.stderr
