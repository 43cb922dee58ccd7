"""FILE_STORAGE in the settings: local disk by default, private S3 objects on request,
anything else refused at start-up. Each case loads the settings in a fresh interpreter."""

import json

import pytest

from tests.awards_site.test_settings import BASE_DIR, NO_ISSUES, PRODUCTION, clean_env, run

STORAGE_PROBE = """
import json
import django
django.setup()
from django.core.files.storage import storages
default, static = storages["default"], storages["staticfiles"]
found = {
    "default": f"{type(default).__module__}.{type(default).__qualname__}",
    "staticfiles": f"{type(static).__module__}.{type(static).__qualname__}",
}
if found["default"].endswith("FileSystemStorage"):
    found["location"] = default.location
else:
    found.update({
        name: getattr(default, name)
        for name in (
            "bucket_name", "endpoint_url", "region_name", "addressing_style", "default_acl",
            "file_overwrite", "querystring_auth", "querystring_expire", "location",
            "custom_domain", "access_key", "secret_key",
        )
    })
    config = default.client_config
    found["client_config"] = [
        config.s3, config.connect_timeout, config.read_timeout, config.retries
    ]
print(json.dumps(found))
"""
S3 = {"FILE_STORAGE": "s3", "AWS_STORAGE_BUCKET_NAME": "awards-files"}
NO_AWS_KEYS = {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""}


def probe(**overrides: str) -> dict:
    result = run("-c", STORAGE_PROBE, env=clean_env(**NO_AWS_KEYS, **overrides))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("value", [None, "", "local"], ids=["unset", "empty", "local"])
def test_file_storage_local_is_the_default_under_media_root(value):
    overrides = {} if value is None else {"FILE_STORAGE": value}

    found = probe(**overrides)

    assert found == {
        "default": "django.core.files.storage.filesystem.FileSystemStorage",
        "staticfiles": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "location": str(BASE_DIR / "uploads"),
    }


def test_file_storage_s3_keeps_private_objects_in_the_bucket():
    found = probe(**S3, AWS_S3_ENDPOINT_URL="http://127.0.0.1:9000", AWS_S3_REGION_NAME="eu-west-1")

    assert found == {
        "default": "storages.backends.s3.S3Storage",
        "staticfiles": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "bucket_name": "awards-files",
        "endpoint_url": "http://127.0.0.1:9000",
        "region_name": "eu-west-1",
        "addressing_style": "path",
        "default_acl": None,
        "file_overwrite": False,
        "querystring_auth": True,
        "querystring_expire": 60,
        "location": "",
        "custom_domain": None,
        # Nothing in the settings: boto3 reads the keys (or an instance role) itself.
        "access_key": None,
        "secret_key": None,
        "client_config": [
            {"addressing_style": "path"},
            5,
            30,
            {"max_attempts": 3, "mode": "standard"},
        ],
    }


def test_file_storage_s3_on_aws_uses_its_own_endpoint_and_addressing():
    found = probe(**S3)

    assert (found["endpoint_url"], found["region_name"], found["addressing_style"]) == (
        None,
        None,
        None,
    )
    assert found["client_config"][0] == {"addressing_style": None}


def test_file_storage_s3_in_production_keeps_hashed_static_files_and_passes_check_deploy():
    env = clean_env(**PRODUCTION, **S3, AWS_S3_REGION_NAME="us-east-1")

    found = run("-c", STORAGE_PROBE, env=env)
    check = run("manage.py", "check", "--deploy", "--fail-level", "WARNING", env=env)

    assert found.returncode == 0, found.stderr
    assert json.loads(found.stdout)["staticfiles"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert check.returncode == 0, check.stderr
    assert check.stdout == NO_ISSUES


def test_file_storage_s3_without_a_bucket_refuses_to_start():
    result = run("manage.py", "check", env=clean_env(FILE_STORAGE="s3"))

    assert result.returncode == 1
    assert (
        "ImproperlyConfigured: AWS_STORAGE_BUCKET_NAME is required when FILE_STORAGE=s3."
        in result.stderr
    )


@pytest.mark.parametrize("value", ["S3", "gcs", "disk", " s3"])
def test_file_storage_unknown_value_refuses_to_start(value):
    result = run(
        "-c", "import django; django.setup()", env=clean_env(**{**S3, "FILE_STORAGE": value})
    )

    assert result.returncode == 1
    assert "ImproperlyConfigured: FILE_STORAGE must be 'local' or 's3'." in result.stderr
