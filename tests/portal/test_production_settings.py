"""Production settings read everything from the environment: media storage, logging,
Elasticsearch credentials. Each case imports the settings module in a fresh interpreter."""

import json
import logging
import os
import secrets
import subprocess
import sys
from base64 import b64encode
from pathlib import Path

import certifi
import pytest
import yaml

from portal.logging import JSONFormatter
from search.documents import index_settings
from search.engines import elasticsearch as es_engine

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "x" * 60,
    "ALLOWED_HOSTS": "portail.example.org",
}
S3 = {
    "MEDIA_STORAGE": "s3",
    "AWS_STORAGE_BUCKET_NAME": "eit-medias",
    "AWS_S3_ENDPOINT_URL": "https://s3.fr-par.scw.cloud",
    "AWS_S3_REGION_NAME": "fr-par",
    "AWS_S3_ACCESS_KEY_ID": "SCWACCESSKEY",
    "AWS_S3_SECRET_ACCESS_KEY": "not-a-real-secret",
}


def run_production(*args, **env):
    """Runs our interpreter with `args` under the production settings, in a clean
    environment (none of this machine's storage, search or Django variables) plus `env`;
    a value of None removes that variable."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "MEDIA_", "ELASTICSEARCH_", "DJANGO_", "SECRET_KEY"))
    }
    environment.update(PRODUCTION, **env)
    environment = {key: value for key, value in environment.items() if value is not None}
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(names, **env):
    """The named settings of portal.settings.production, as JSON, under `env`."""
    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        f"print(json.dumps({{n: getattr(settings, n) for n in {names!r}}}, default=str))"
    )
    return run_production("-c", script, **env)


def loaded(names, **env):
    result = production_settings(names, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_the_example_environment_file_loads():
    """.env.example, copied as is (empty values included) with a secret filled in."""
    example = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            example[name] = value
    example["SECRET_KEY"] = "y" * 60
    values = loaded(["SEARCH_INDEX_REPLICAS", "STORAGES", "TRUSTED_PROXY_COUNT"], **example)
    assert values["SEARCH_INDEX_REPLICAS"] is None
    assert values["TRUSTED_PROXY_COUNT"] == 0
    assert values["STORAGES"]["default"]["BACKEND"].endswith("FileSystemStorage")


def test_media_on_the_filesystem_by_default():
    storages = loaded(["STORAGES"])["STORAGES"]
    assert storages["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    assert storages["staticfiles"]["BACKEND"].startswith("whitenoise.")


def test_s3_storage_is_built_from_the_environment():
    values = loaded(["STORAGES", "CONTENT_SECURITY_POLICY", "CSP_POLICIES_BY_PATH"], **S3)
    default = values["STORAGES"]["default"]
    assert default["BACKEND"] == "storages.backends.s3.S3Storage"
    options = default["OPTIONS"]
    assert options["bucket_name"] == "eit-medias"
    assert options["endpoint_url"] == "https://s3.fr-par.scw.cloud"
    assert options["region_name"] == "fr-par"
    assert options["access_key"] == "SCWACCESSKEY"
    assert options["secret_key"] == "not-a-real-secret"  # noqa: S105
    assert options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    # Images come from the bucket: both policies allow its origin, and only it.
    assert (
        "https://s3.fr-par.scw.cloud" in values["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    )
    assert "https://s3.fr-par.scw.cloud" in values["CSP_POLICIES_BY_PATH"]["/admin/"]["img-src"]


def test_s3_storage_really_builds_without_network():
    script_env = {**S3, "AWS_S3_CUSTOM_DOMAIN": "medias.eit-grandest.example.org"}
    script = (
        "import django; django.setup(); from django.core.files.storage import default_storage; "
        "print(type(default_storage._wrapped if hasattr(default_storage, '_wrapped') "
        "else default_storage).__name__ if default_storage.bucket_name else '', "
        "default_storage.url('documents/guide.pdf'))"
    )
    result = run_production("-c", script, **script_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "S3Storage",
        "https://medias.eit-grandest.example.org/media/documents/guide.pdf",
    ]


def test_s3_without_a_bucket_fails_fast():
    result = production_settings(["STORAGES"], MEDIA_STORAGE="s3")
    assert result.returncode != 0
    assert "AWS_STORAGE_BUCKET_NAME" in result.stderr


def test_unknown_media_storage_is_refused():
    result = production_settings(["STORAGES"], MEDIA_STORAGE="ftp")
    assert result.returncode != 0
    assert "MEDIA_STORAGE must be 'filesystem' or 's3'" in result.stderr


def test_secret_key_has_no_default():
    result = run_production("-c", "import django; django.setup()", SECRET_KEY=None)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_deploy_checks_pass_without_warning():
    result = run_production(
        "manage.py",
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=secrets.token_urlsafe(50),
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_hardening_and_json_logs():
    values = loaded(
        [
            "DEBUG",
            "SECURE_SSL_REDIRECT",
            "SECURE_HSTS_SECONDS",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "SECURE_PROXY_SSL_HEADER",
            "LOGGING",
            "CACHES",
        ]
    )
    # Rate limits count across every worker and host: one shared cache.
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    assert values["CACHES"]["default"]["LOCATION"] == "portal_cache"
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31536000
    assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    formatter = values["LOGGING"]["formatters"]["json"]["()"]
    assert formatter == "portal.logging.JSONFormatter"
    assert values["LOGGING"]["handlers"]["console"]["formatter"] == "json"


def test_json_formatter_writes_one_object_per_line():
    record = logging.LogRecord("portal", logging.ERROR, __file__, 1, "échec %s", ("x",), None)
    record.page_id = 7
    try:
        raise ValueError("boom")
    except ValueError:
        record.exc_info = sys.exc_info()
    line = JSONFormatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert data["level"] == "ERROR"
    assert data["logger"] == "portal"
    assert data["message"] == "échec x"
    assert data["page_id"] == 7
    assert "ValueError: boom" in data["exception"]


# --- Elasticsearch: credentials and replicas ------------------------------------------------


@pytest.fixture
def fresh_clients():
    es_engine._client.cache_clear()
    yield
    es_engine._client.cache_clear()


def test_client_gets_ca_certificate_api_key_and_url_credentials(settings, fresh_clients):
    settings.ELASTICSEARCH_URL = "https://portal:s3cret@es.example.org:9200"
    settings.ELASTICSEARCH_CA_CERTS = certifi.where()
    settings.ELASTICSEARCH_API_KEY = "QVBJLUtFWQ=="

    for client in (es_engine.visitor_client(), es_engine.indexing_client()):
        node = client.transport.node_pool.all()[0]
        assert node.config.host == "es.example.org"
        assert node.config.scheme == "https"
        assert node.config.ca_certs == certifi.where()
        # The API key wins over the URL's basic credentials when both are given.
        assert client._headers["authorization"] == "ApiKey QVBJLUtFWQ=="


def test_client_uses_url_credentials_without_api_key(settings, fresh_clients):
    settings.ELASTICSEARCH_URL = "https://portal:s3cret@es.example.org:9200"
    settings.ELASTICSEARCH_CA_CERTS = certifi.where()
    settings.ELASTICSEARCH_API_KEY = ""
    client = es_engine.visitor_client()
    node = client.transport.node_pool.all()[0]
    assert node.config.headers["authorization"] == "Basic " + b64encode(b"portal:s3cret").decode()
    assert "authorization" not in client._headers


def test_plain_development_url_needs_no_security_option(settings, fresh_clients):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9200"
    settings.ELASTICSEARCH_CA_CERTS = ""
    settings.ELASTICSEARCH_API_KEY = ""
    client = es_engine.visitor_client()
    assert client.transport.node_pool.all()[0].config.ca_certs is None
    assert "authorization" not in client._headers


def test_replicas_follow_the_environment(settings):
    settings.SEARCH_INDEX_REPLICAS = None
    assert index_settings()["auto_expand_replicas"] == "0-1"
    settings.SEARCH_INDEX_REPLICAS = 2
    assert index_settings()["number_of_replicas"] == 2
    assert "auto_expand_replicas" not in index_settings()


# --- container files (no Docker daemon here: their structure is checked) ---------------------


def test_compose_file_describes_the_full_stack():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    services = compose["services"]
    assert {"web", "worker", "db", "es01", "es-setup", "migrate"} <= set(services)
    assert services["worker"]["command"] == ["python", "manage.py", "db_worker"]
    assert services["web"]["image"] == services["worker"]["image"] == "eit-portal:latest"
    environment = services["web"]["environment"]
    assert environment["ELASTICSEARCH_URL"].startswith("https://portal:")
    assert environment["ELASTICSEARCH_CA_CERTS"] == "/certs/ca/ca.crt"
    es = services["es01"]
    assert es["image"].startswith("docker.elastic.co/elasticsearch/elasticsearch:")
    assert es["image"].endswith(":${ES_VERSION:-8.19.16}")
    assert es["environment"]["xpack.security.enabled"] == "true"
    assert es["environment"]["xpack.security.http.ssl.enabled"] == "true"
    assert services["web"]["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert services["web"]["ports"] == ["127.0.0.1:${WEB_PORT:-8000}:8000"]  # behind the proxy


def test_dockerfile_runs_unprivileged_with_a_health_check():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert dockerfile.startswith("#")
    # Users build on the official image; the CI passes a base it built itself.
    assert "ARG BASE_IMAGE=python:3.11-slim" in dockerfile and "FROM ${BASE_IMAGE}" in dockerfile
    assert "pip install -r requirements.lock" in dockerfile
    assert "collectstatic --no-input" in dockerfile
    assert "\nUSER portal\n" in dockerfile
    assert "HEALTHCHECK" in dockerfile and "/healthz" in dockerfile
    ignored = (ROOT / ".dockerignore").read_text().splitlines()
    assert {".git", ".env", ".venv", "var"} <= set(ignored)
