"""Uploaded files: on the file system by default, on S3-compatible storage when configured.

The S3 tests start moto's S3-compatible server (``moto_server`` from the virtualenv) on a free
port, create a bucket, and configure the default storage from the same ``DJANGO_S3_*`` variables
the README documents. Without the server they are skipped with the reason, except in CI.
"""

import json
import os
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from botocore.exceptions import ClientError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from storages.backends.s3 import S3Storage

from tests.conftest import IN_CI
from wzl_site.settings import default_storage_from_env

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
MOTO_SERVER = VENV_BIN / "moto_server"
BUCKET = "wzl-uploads"
REGION = "eu-central-1"
# Dummy credentials: moto accepts any; they exist only inside these tests.
ACCESS_KEY, SECRET_KEY = "testing", "testing"
# A PDF-like file with every byte value in it, so that any re-encoding shows.
PDF = b"%PDF-1.4\n" + bytes(range(256)) * 64 + b"\n%%EOF\n"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unavailable(reason: str):
    """Skip with the reason; in CI, where every test must run, fail instead."""
    if IN_CI:
        pytest.fail(f"CI must run the S3 storage tests, but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    """moto's S3-compatible server on a free port, with an empty private bucket; its URL."""
    if not os.access(MOTO_SERVER, os.X_OK):
        unavailable(f"they need moto's S3 server at {MOTO_SERVER} (pip install 'moto[server]')")
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    # Its log goes to a file: a pipe nobody reads would fill up and stop the server.
    log = tmp_path_factory.mktemp("moto") / "moto_server.log"
    with log.open("wb") as log_file:
        server = subprocess.Popen(
            [str(MOTO_SERVER), "-H", "127.0.0.1", "-p", str(port)],
            stdout=log_file,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(endpoint, timeout=1).close()
                break
            except OSError:
                if server.poll() is not None:
                    error = log.read_text(errors="replace").strip()[-500:]
                    unavailable(f"moto's S3 server exited with {server.returncode}: {error}")
                if time.monotonic() > deadline:
                    unavailable(f"moto's S3 server did not answer at {endpoint} within 30 s")
                time.sleep(0.1)
        boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        ).create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": REGION})
        yield endpoint
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.fixture
def s3_env(s3_endpoint) -> dict[str, str]:
    """The environment variables an operator sets, as the README documents them."""
    return {
        "DJANGO_S3_BUCKET": BUCKET,
        "DJANGO_S3_ENDPOINT_URL": s3_endpoint,
        "DJANGO_S3_REGION": REGION,
        "DJANGO_S3_ACCESS_KEY_ID": ACCESS_KEY,
        "DJANGO_S3_SECRET_ACCESS_KEY": SECRET_KEY,
    }


@pytest.fixture
def s3_storage(s3_env, settings, monkeypatch):
    """Django's default storage, configured for the bucket from those variables."""
    # A developer's own AWS profile or session must not leak into the test.
    for name in ("AWS_PROFILE", "AWS_S3_SESSION_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    # Changing STORAGES makes Django forget the storages it built (django.test.signals).
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_from_env(s3_env)}
    storage = storages["default"]
    assert isinstance(storage, S3Storage)
    return storage


@pytest.fixture
def bucket(s3_endpoint):
    """The bucket as the S3 server holds it, read past Django."""
    return boto3.resource(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    ).Bucket(BUCKET)


# --- On S3-compatible storage ------------------------------------------------------------------


def test_upload_lands_in_the_bucket_and_reads_back_byte_for_byte(s3_storage, bucket):
    name = s3_storage.save("materials/flyer.pdf", ContentFile(PDF))
    assert name == "materials/flyer.pdf"
    assert s3_storage.exists(name)
    assert s3_storage.size(name) == len(PDF)
    with s3_storage.open(name, "rb") as upload:
        assert upload.read() == PDF
    stored = bucket.Object(name)
    assert stored.get()["Body"].read() == PDF
    # Private: no grant to everyone (AllUsers) or to every AWS account (AuthenticatedUsers).
    grantees = [grant["Grantee"].get("URI", "") for grant in stored.Acl().grants]
    assert not [uri for uri in grantees if uri.endswith(("AllUsers", "AuthenticatedUsers"))]


def test_second_upload_of_the_same_name_gets_a_new_name(s3_storage, bucket):
    first = s3_storage.save("materials/opening-hours.pdf", ContentFile(PDF))
    second = s3_storage.save("materials/opening-hours.pdf", ContentFile(b"%PDF-1.4 newer"))
    assert first == "materials/opening-hours.pdf"
    assert second != first
    assert second.startswith("materials/opening-hours_") and second.endswith(".pdf")
    assert bucket.Object(first).get()["Body"].read() == PDF
    assert bucket.Object(second).get()["Body"].read() == b"%PDF-1.4 newer"


def test_upload_url_is_signed_expires_and_serves_the_file(s3_storage, s3_endpoint):
    name = s3_storage.save("materials/leaflet-ar.pdf", ContentFile(PDF))
    url = s3_storage.url(name)
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == s3_endpoint
    assert parts.path == f"/{BUCKET}/{name}"
    query = parse_qs(parts.query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Credential"][0].startswith(f"{ACCESS_KEY}/")
    assert f"/{REGION}/s3/" in query["X-Amz-Credential"][0]
    assert query["X-Amz-Expires"] == ["3600"]
    assert query["X-Amz-Signature"][0]
    with urllib.request.urlopen(url, timeout=10) as response:
        assert response.read() == PDF
    # The same address without the signature is refused: the upload is not public.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{s3_endpoint}{parts.path}", timeout=10)
    assert refused.value.code == 403


def test_deleted_upload_is_gone_from_the_bucket(s3_storage, bucket):
    name = s3_storage.save("materials/old.pdf", ContentFile(PDF))
    s3_storage.delete(name)
    assert not s3_storage.exists(name)
    with pytest.raises(ClientError) as missing:
        bucket.Object(name).load()
    assert missing.value.response["Error"]["Code"] == "404"


# --- Which storage the settings choose ---------------------------------------------------------


def default_storage_in_a_fresh_process(**env: str) -> dict:
    """The default storage the settings build for exactly these variables."""
    clean = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "AWS_"))
    }
    code = textwrap.dedent(
        """
        import json
        from django.core.files.storage import storages

        storage = storages["default"]
        attributes = [
            "bucket_name", "endpoint_url", "region_name", "access_key",
            "querystring_auth", "querystring_expire", "file_overwrite", "default_acl",
        ]
        print(json.dumps({
            "class": f"{type(storage).__module__}.{type(storage).__name__}",
            "location": str(storage.location) if hasattr(storage, "base_location") else None,
            **{name: getattr(storage, name, None) for name in attributes},
        }))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "wzl_site.settings"} | env,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def test_without_s3_variables_uploads_go_to_the_file_system_under_media_root(tmp_path):
    storage = default_storage_in_a_fresh_process()
    assert storage["class"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert storage["location"] == str(ROOT / "media")
    elsewhere = default_storage_in_a_fresh_process(DJANGO_MEDIA_ROOT=str(tmp_path))
    assert elsewhere["location"] == str(tmp_path)


def test_without_s3_variables_a_saved_file_is_on_disk_under_media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "default": default_storage_from_env({})}
    name = storages["default"].save("materials/flyer.pdf", ContentFile(PDF))
    assert (tmp_path / name).read_bytes() == PDF


def test_s3_variables_choose_a_private_bucket_with_signed_urls():
    storage = default_storage_in_a_fresh_process(
        DJANGO_S3_BUCKET="wzl-uploads",
        DJANGO_S3_ENDPOINT_URL="https://s3.example-city.de",
        DJANGO_S3_REGION="de-le-1",
        DJANGO_S3_ACCESS_KEY_ID="wzl-site",
        DJANGO_S3_SECRET_ACCESS_KEY="secret",
    )
    assert storage == {
        "class": "storages.backends.s3.S3Storage",
        "location": None,
        "bucket_name": "wzl-uploads",
        "endpoint_url": "https://s3.example-city.de",
        "region_name": "de-le-1",
        "access_key": "wzl-site",
        "querystring_auth": True,
        "querystring_expire": 3600,
        "file_overwrite": False,
        "default_acl": None,
    }


def test_without_s3_credential_variables_boto3_finds_the_credentials_itself():
    options = default_storage_from_env({"DJANGO_S3_BUCKET": "wzl-uploads"})["OPTIONS"]
    assert "access_key" not in options and "secret_key" not in options
    assert "endpoint_url" not in options  # AWS itself
