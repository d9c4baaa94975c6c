"""Live progress on AWS, the worker side: the table of WebSocket connections and subscriptions, and the notifier
that pushes each progress write to the study's subscribers (studies/live.py has the protocol).

Items: `pk="conn#<connection id>", sk="user"` (who connected) and `pk="study#<study id>", sk="conn#<id>"` (a
subscription), each with a TTL (`expires_at`), so abandoned connections clean themselves up.
"""

from __future__ import annotations

import json
import time
from typing import Any

import boto3
from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.models import Model

TTL_S = 4 * 3600


class LiveItem(Model):
    class Meta:
        table_name = "gridsolve-live"
        region = "us-east-1"

    pk = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)
    user_id = UnicodeAttribute(null=True)
    project_id = UnicodeAttribute(null=True)
    expires_at = NumberAttribute()


def bind_table(table_name: str, region: str, host: str | None) -> type[LiveItem]:
    meta = type("Meta", (), {"table_name": table_name, "region": region, "host": host})
    return type(f"LiveItem_{table_name}", (LiveItem,), {"Meta": meta})


def expiry() -> int:
    return int(time.time()) + TTL_S


class ApiGatewayNotifier:
    """Worker side: push an event to every connection subscribed to the study (gone ones are forgotten)."""

    def __init__(self, model: type[LiveItem], endpoint_url: str, region: str) -> None:
        self.model = model
        self.client = boto3.client("apigatewaymanagementapi", endpoint_url=endpoint_url, region_name=region)

    def publish(self, study_id: str, event: dict[str, Any]) -> None:
        data = json.dumps(event, separators=(",", ":"))
        for item in self.model.query(f"study#{study_id}"):
            try:
                self.client.post_to_connection(ConnectionId=item.sk.removeprefix("conn#"), Data=data.encode())
            except self.client.exceptions.GoneException:
                item.delete()


class NoNotifier:
    """Where the live server reads the job store itself (the local server), workers publish nothing."""

    def publish(self, study_id: str, event: dict[str, Any]) -> None:
        return None
