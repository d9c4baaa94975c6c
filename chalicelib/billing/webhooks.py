"""`POST /api/billing/webhook`: verified, deduplicated Stripe events, applied by re-reading the subscription.

1. The signature is checked first (`gateway.verify_event`); a bad one is a 400 and nothing changes.
2. The event id is recorded in `billing_events` in the request's transaction: a second delivery finds it and
   does nothing (a failure while applying rolls the record back, so Stripe's retry applies it).
3. Whatever the event's type, the subscription it concerns is read again from Stripe and its current state is
   applied (`subscriptions.apply_subscription`), so out-of-order and stale events cannot regress the account.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chalicelib.billing.gateway import StripeGateway
from chalicelib.billing.subscriptions import account_for, apply_subscription, billing_row
from chalicelib.config import Settings
from chalicelib.storage.models import BillingEvent

log = logging.getLogger("gridsolve.billing")

#: Event types that concern a subscription; others are acknowledged and ignored.
HANDLED_PREFIXES = ("customer.subscription.", "invoice.", "checkout.session.")


def subscription_id(obj: dict[str, Any]) -> str | None:
    """The subscription an event's object concerns (subscription, invoice in old and new API shapes, Checkout
    Session)."""
    if obj.get("object") == "subscription":
        return obj.get("id")
    sub = obj.get("subscription")
    if sub is None:
        sub = (((obj.get("parent") or {}).get("subscription_details") or {}).get("subscription"))
    return sub.get("id") if isinstance(sub, dict) else sub


def _record(s: Session, event: dict[str, Any]) -> bool:
    """Record the event id; False if it was seen before."""
    if s.get(BillingEvent, event["id"]) is not None:
        return False
    try:
        with s.begin_nested():
            s.add(BillingEvent(id=event["id"], type=str(event.get("type", ""))))
    except IntegrityError:  # the same event delivered twice at once
        return False
    return True


def handle(s: Session, settings: Settings, gateway: StripeGateway, event: dict[str, Any]) -> dict[str, Any]:
    """Apply one verified event; returns what happened (for the response and the logs)."""
    if not isinstance(event.get("id"), str):
        return {"received": True, "applied": False, "reason": "no event id"}
    if not _record(s, event):
        return {"received": True, "duplicate": True, "applied": False}
    kind = str(event.get("type", ""))
    obj = (event.get("data") or {}).get("object") or {}
    if not kind.startswith(HANDLED_PREFIXES):
        return {"received": True, "applied": False, "reason": f"{kind} is not used"}
    if kind.startswith("checkout.session."):
        _link_customer(s, obj)
    sub_id = subscription_id(obj)
    if not sub_id:
        return {"received": True, "applied": False, "reason": "no subscription"}
    account = apply_subscription(s, settings, gateway.subscription(sub_id))
    ev = s.get(BillingEvent, event["id"])
    if ev is not None:
        ev.account_key = account
    log.info("stripe event %s (%s) applied to %s", event["id"], kind, account)
    return {"received": True, "applied": account is not None, "account": account}


def _link_customer(s: Session, session: dict[str, Any]) -> None:
    """A completed Checkout links its customer to the account that started it."""
    key = account_for(s, session)
    customer = session.get("customer")
    if key and isinstance(customer, str):
        row = billing_row(s, key)
        row.stripe_customer_id = row.stripe_customer_id or customer
