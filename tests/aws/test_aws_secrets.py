"""On AWS the settings read their secrets from Secrets Manager (moto's server here): the Aurora credentials become
DATABASE_URL (TLS required), the JWT signing key, and the Stripe keys, whose empty values leave billing off."""

from __future__ import annotations

import json

from chalicelib import config
from chalicelib.config import load_settings


def _secret(client, name: str, value: str) -> str:
    return client("secretsmanager").create_secret(Name=name, SecretString=value)["ARN"]


def test_settings_read_their_secrets_from_secrets_manager(client, tmp_path):
    config._aws_secret.cache_clear()
    db = _secret(client, "gs-db", json.dumps({"username": "gs admin", "password": "p@ss/w:rd", "host": "aurora.local",
                                              "port": 5432, "dbname": "gridsolve"}))
    jwt = _secret(client, "gs-jwt", "k" * 64)
    stripe = _secret(client, "gs-stripe", json.dumps({"secret_key": "sk_test_123", "webhook_secret": "whsec_456"}))
    s = load_settings({"GRIDSOLVE_DATA_DIR": str(tmp_path), "AWS_REGION": "us-east-1", "GRIDSOLVE_DB_SECRET_ARN": db,
                       "GRIDSOLVE_JWT_SECRET_ARN": jwt, "GRIDSOLVE_STRIPE_SECRET_ARN": stripe})
    assert s.database_url == ("postgresql+psycopg://gs%20admin:p%40ss%2Fw%3Ard@aurora.local:5432/gridsolve"
                              "?sslmode=require")
    assert s.jwt_secret == "k" * 64
    assert s.stripe_secret_key == "sk_test_123" and s.stripe_webhook_secret == "whsec_456" and s.billing_enabled


def test_an_unfilled_stripe_secret_leaves_billing_off(client, tmp_path):
    config._aws_secret.cache_clear()
    stripe = _secret(client, "gs-stripe-empty", json.dumps({"secret_key": "", "webhook_secret": ""}))
    s = load_settings({"GRIDSOLVE_DATA_DIR": str(tmp_path), "AWS_REGION": "us-east-1",
                       "GRIDSOLVE_STRIPE_SECRET_ARN": stripe})
    assert not s.billing_enabled and s.default_plan == "local"
