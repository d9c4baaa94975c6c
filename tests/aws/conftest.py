"""A moto server (moto[server]) for the AWS adapters: DynamoDB, S3, Step Functions, reached over HTTP exactly as
boto3 and pynamodb reach AWS. Credentials are fake and stay inside this process's environment."""

from __future__ import annotations

import json
import os
import secrets
import socket
import urllib.request
import uuid
from pathlib import Path

import boto3
import pytest
from chalice.test import Client
from moto.server import ThreadedMotoServer

from app import app
from chalicelib.config import load_settings
from chalicelib.platform import Platform, set_platform
from chalicelib.studies.execute import _CONTEXTS
from chalicelib.studies.live_notify import bind_table as bind_live
from tests.platform.conftest import Api

CASE14 = (Path(__file__).resolve().parents[2] / "solver_layer" / "gridsolve" / "samples" / "case14.m").read_text()

REGION = "us-east-1"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def moto_url():
    port = _free_port()
    # moto's Step Functions executes service tasks (DynamoDB ...) by calling back its own server on MOTO_PORT
    previous = os.environ.get("MOTO_PORT")
    os.environ["MOTO_PORT"] = str(port)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    url = f"http://127.0.0.1:{port}"
    req = urllib.request.Request(f"{url}/moto-api/config", method="POST",
                                 data=json.dumps({"stepfunctions": {"execute_state_machine": True}}).encode(),
                                 headers={"Content-Type": "application/json"})
    urllib.request.urlopen(req, timeout=10).read()
    yield url
    server.stop()
    if previous is None:
        os.environ.pop("MOTO_PORT", None)
    else:
        os.environ["MOTO_PORT"] = previous


@pytest.fixture(autouse=True)
def aws_env(monkeypatch, moto_url):
    for key, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                       "AWS_SESSION_TOKEN": "testing", "AWS_DEFAULT_REGION": REGION, "AWS_REGION": REGION,
                       "AWS_ENDPOINT_URL": moto_url}.items():
        monkeypatch.setenv(key, value)
    yield


@pytest.fixture
def client(moto_url):
    def make(service: str):
        return boto3.client(service, region_name=REGION, endpoint_url=moto_url)

    return make


@pytest.fixture
def aws_platform(tmp_path, moto_url, client):
    suffix = uuid.uuid4().hex[:8]
    bucket, table, idem, live, batches = (f"gs-blobs-{suffix}", f"gs-jobs-{suffix}", f"gs-idempotency-{suffix}",
                                          f"gs-live-{suffix}", f"gs-batches-{suffix}")
    client("s3").create_bucket(Bucket=bucket)
    client("dynamodb").create_table(TableName=idem, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                                    AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                                    BillingMode="PAY_PER_REQUEST")
    env = {
        "GRIDSOLVE_DATA_DIR": str(tmp_path / "data"), "GRIDSOLVE_JWT_SECRET": secrets.token_hex(16),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'meta.sqlite3'}", "GRIDSOLVE_BCRYPT_ROUNDS": "4",
        "GRIDSOLVE_SEED_SAMPLES": "0", "GRIDSOLVE_RUNNER": "none", "GRIDSOLVE_BLOB_BUCKET": bucket,
        "GRIDSOLVE_JOBS_TABLE": table, "GRIDSOLVE_BATCHES_TABLE": batches,
        "GRIDSOLVE_IDEMPOTENCY_TABLE": idem, "GRIDSOLVE_DYNAMODB_ENDPOINT": moto_url,
        "AWS_REGION": "us-east-1", "GRIDSOLVE_LIVE_TABLE": live,
        "GRIDSOLVE_LIVE_ENDPOINT": f"{moto_url}",
        "AWS_ENDPOINT_URL": moto_url, "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
    }
    settings = load_settings(env)
    platform = Platform(settings)
    platform.studies.model.create_table(billing_mode="PAY_PER_REQUEST", wait=True)  # type: ignore[attr-defined]
    platform.batches.model.create_table(billing_mode="PAY_PER_REQUEST", wait=True)  # type: ignore[attr-defined]
    bind_live(live, "us-east-1", moto_url).create_table(billing_mode="PAY_PER_REQUEST", wait=True)
    set_platform(platform)
    _CONTEXTS.clear()
    yield platform, env
    set_platform(None)
    platform.close()
    _CONTEXTS.clear()


@pytest.fixture
def user(aws_platform):
    with Client(app) as c:
        api = Api(c)
        u = api.register()
        pid = u.post("/api/projects/import", {"name": "IEEE 14", "format": "matpower", "content": CASE14}).json["id"]
        u.pid = pid
        yield u


