"""A moto server (moto[server]) for the AWS adapters: DynamoDB, S3, Step Functions, reached over HTTP exactly as
boto3 and pynamodb reach AWS. Credentials are fake and stay inside this process's environment."""

from __future__ import annotations

import json
import os
import socket
import urllib.request

import boto3
import pytest
from moto.server import ThreadedMotoServer

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
