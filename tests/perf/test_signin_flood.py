"""Does a flood of sign-in attempts slow the public pages down?

Run with ``.venv/bin/pytest -m perf tests/perf/test_signin_flood.py -s``. Like the benchmark, it
serves the seed content from a database of its own with gunicorn as in production (two workers,
page cache on), and measures the home page's latency with wrk at 4 connections: once alone, and
once while 12 more connections post wrong passwords to the admin sign-in with a valid CSRF token,
as an attacker would. Every attempt that reaches the password check costs a password hash (about
a quarter of a second of CPU with Django's PBKDF2); django-axes refuses attempts from an address
locked out before any hash is computed, so the home page should stay about as fast as alone.
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from tests.perf.test_benchmark import (
    bench_database,
    gunicorn,
    milliseconds,
    production_env,
    run,
    skip_without_wrk_or_postgres,
)

SECONDS = int(os.environ.get("WZL_BENCH_SECONDS") or 10)
ATTACKERS = 12

LOAD_CONTENT = """
import django
django.setup()
from wzl_site.operations import content_load
content_load()
"""

POST_SCRIPT = """
wrk.method = "POST"
wrk.body = "csrfmiddlewaretoken={token}&username=admin&password=wrong-{nonce}&next=/admin/"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Cookie"] = "csrftoken={cookie}"
local threads = {{}}
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {{}} end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      io.write(string.format("status %d: %d\\n", status, count))
    end
  end
end
"""


def csrf_pair(base: str) -> tuple[str, str]:
    """The CSRF cookie and the form's token of the sign-in page, as a browser gets them."""
    with urllib.request.urlopen(base + "/admin/login/", timeout=30) as response:
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie"):
            cookies.load(header)
        html = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    return cookies["csrftoken"].value, token


def median_ms(output: str) -> float:
    return milliseconds(re.search(r"^\s*50%\s+(\S+)", output, re.M).group(1))


@pytest.mark.perf
def test_a_sign_in_flood_leaves_the_public_pages_fast():
    skip_without_wrk_or_postgres()
    work = Path(tempfile.mkdtemp(prefix="wzl-flood-"))
    try:
        with bench_database() as url:
            env = production_env(url=url, work=work)
            run([sys.executable, "manage.py", "migrate", "--noinput"], env)
            run([sys.executable, "-c", LOAD_CONTENT], env)
            run([sys.executable, "manage.py", "collectstatic", "--noinput"], env)
            with gunicorn(env, work / "gunicorn.log") as base:
                home = base + "/de/"
                alone = wrk_output(home, connections=4)
                cookie, token = csrf_pair(base)
                script = work / "post.lua"
                script.write_text(
                    POST_SCRIPT.format(cookie=cookie, token=token, nonce=secrets.token_hex(4))
                )
                flood = subprocess.Popen(
                    [
                        "wrk",
                        "-t1",
                        f"-c{ATTACKERS}",
                        f"-d{SECONDS + 4}s",
                        "--timeout",
                        "10s",
                        "-s",
                        str(script),
                        base + "/admin/login/",
                    ],
                    stdout=subprocess.PIPE,
                    text=True,
                )
                time.sleep(2)  # the first attempts are hashed, then the address is locked
                during = wrk_output(home, connections=4)
                flood_output = flood.communicate(timeout=SECONDS + 60)[0]
    finally:
        shutil.rmtree(work, ignore_errors=True)

    attempts = re.search(r"^\s*(\d+) requests in", flood_output, re.M).group(1)
    rate = re.search(r"Requests/sec:\s*([\d.]+)", flood_output).group(1)
    print(
        f"\nhome page p50 alone: {median_ms(alone):.1f} ms; while {ATTACKERS} connections post "
        f"wrong passwords ({attempts} attempts, {rate} a second): {median_ms(during):.1f} ms"
    )
    statuses = dict(re.findall(r"^status (\d+): (\d+)$", flood_output, re.M))
    print(f"sign-in answers by status: {statuses}")
    # A measurement, not a timed test: it fails only when the flood was not locked out.
    assert int(statuses.get("429", 0)) > 0.9 * int(attempts), flood_output


def wrk_output(url: str, *, connections: int) -> str:
    output = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{SECONDS}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
        timeout=SECONDS + 60,
    ).stdout
    assert "Non-2xx" not in output, output
    return output
