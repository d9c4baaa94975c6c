"""A Stripe subscription's current state applied to the account it belongs to: plan, status, seats, period,
and the grace period after a failed payment.

The webhooks never trust the state an event carries: they re-read the subscription and apply what Stripe says
now, so events that arrive late, twice or out of order all end in the same, current state.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from chalicelib.billing.plans import FREE, GRACE, LIVE, account_row
from chalicelib.config import Settings
from chalicelib.storage.models import BillingAccount, utcnow

log = logging.getLogger("gridsolve.billing")

#: Statuses that end a subscription: the account falls back to Free.
ENDED = ("canceled", "incomplete_expired", "paused")


def billing_row(s: Session, account_key: str) -> BillingAccount:
    row = s.get(BillingAccount, account_key)
    if row is None:
        row = BillingAccount(account_key=account_key, seats=1, cancel_at_period_end=False, updated_at=utcnow())
        s.add(row)
    return row


def _ts(value: Any) -> datetime | None:
    return datetime.fromtimestamp(int(value), UTC).replace(tzinfo=None) if value else None


def first_item(sub: dict[str, Any]) -> dict[str, Any]:
    items = (sub.get("items") or {}).get("data") or []
    return items[0] if items else {}


def price_id(item: dict[str, Any]) -> str | None:
    """The item's Price id (Prices API), or its Plan id (the older Plans API, which an emulator may speak)."""
    for key in ("price", "plan"):
        obj = item.get(key)
        if isinstance(obj, dict) and obj.get("id"):
            return str(obj["id"])
        if isinstance(obj, str):
            return obj
    return None


def plan_for_price(settings: Settings, price: str | None) -> str | None:
    return next((plan for plan, pid in settings.stripe_prices.items() if pid == price), None)


def _customer_id(obj: dict[str, Any]) -> str | None:
    customer = obj.get("customer")
    return customer.get("id") if isinstance(customer, dict) else customer


def account_for(s: Session, obj: dict[str, Any]) -> str | None:
    """The account a Stripe object belongs to: its metadata's account_key (ours, set at Checkout), else the
    account linked to its customer."""
    key = (obj.get("metadata") or {}).get("account_key") or obj.get("client_reference_id")
    if key and account_row(s, key) is not None:
        return key
    customer = _customer_id(obj)
    if customer:
        return s.scalar(select(BillingAccount.account_key).where(BillingAccount.stripe_customer_id == customer))
    return None


def _supersedes(row: BillingAccount, sub: dict[str, Any]) -> bool:
    """Whether `sub` may replace the subscription the account has: an old subscription ending must not end
    the account's newer, live one."""
    if not row.stripe_subscription_id or row.stripe_subscription_id == sub.get("id"):
        return True
    return not (row.status in LIVE + GRACE and sub.get("status") not in LIVE + GRACE)


def apply_subscription(s: Session, settings: Settings, sub: dict[str, Any]) -> str | None:
    """Bring the account's plan and billing state to the subscription's current state; returns the account."""
    key = account_for(s, sub)
    if key is None:
        log.warning("subscription %s belongs to no known account; ignored", sub.get("id"))
        return None
    row = billing_row(s, key)
    if not _supersedes(row, sub):
        return key
    item = first_item(sub)
    status = str(sub.get("status"))
    plan = plan_for_price(settings, price_id(item))
    if plan is None and status not in ENDED:
        log.warning("subscription %s has price %s, which no plan uses; plan unchanged", sub.get("id"),
                    price_id(item))
    row.stripe_customer_id = row.stripe_customer_id or _customer_id(sub)
    row.stripe_subscription_id = sub.get("id")
    row.subscribed_plan, row.status = plan or row.subscribed_plan, status
    row.seats = int(item.get("quantity") or sub.get("quantity") or 1)
    row.current_period_start = _ts(item.get("current_period_start") or sub.get("current_period_start"))
    row.current_period_end = _ts(item.get("current_period_end") or sub.get("current_period_end"))
    row.cancel_at_period_end = bool(sub.get("cancel_at_period_end"))
    row.updated_at = utcnow()
    _set_plan(s, row, key, status, plan)
    return key


def _set_plan(s: Session, row: BillingAccount, key: str, status: str, plan: str | None) -> None:
    account = account_row(s, key)
    if account is None:
        return
    if status in LIVE:
        row.past_due_since = None
        account.plan = plan or account.plan
    elif status in GRACE:
        row.past_due_since = row.past_due_since or utcnow()
        account.plan = plan or account.plan
    elif status in ENDED:
        row.past_due_since = None
        account.plan = FREE
    # incomplete: the first payment has not gone through; nothing changes yet
