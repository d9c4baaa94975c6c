"""The plans (Free, Professional, Utility, and the local plan of a server without billing) and which one is in
force for an account.

Limits come from the settings (`Settings.plan_limits`, GRIDSOLVE_PLAN_LIMITS). An account's plan is its own
`plan` column (users and organizations each have one), which the Stripe webhooks set; after a failed payment
the plan holds for the grace period (GRIDSOLVE_BILLING_GRACE_DAYS), then the Free limits apply until the
payment succeeds or the subscription ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from chalicelib.config import LIMIT_KEYS, Settings
from chalicelib.storage.models import BillingAccount, Organization, User, utcnow

FREE = "free"
LOCAL = "local"


@dataclass(frozen=True)
class Plan:
    id: str
    name: str
    price_usd_month: float
    per_user: bool
    #: Sold through Stripe Checkout (needs a configured Price id).
    paid: bool


PLANS: dict[str, Plan] = {
    "free": Plan("free", "Free", 0.0, False, False),
    "professional": Plan("professional", "Professional", 149.0, False, True),
    "utility": Plan("utility", "Utility", 399.0, True, True),
}
LOCAL_PLAN = Plan(LOCAL, "Local (no billing)", 0.0, False, False)
#: Subscription statuses in which the subscribed plan is in force; past_due/unpaid only for the grace period.
LIVE = ("active", "trialing")
GRACE = ("past_due", "unpaid")


def plan_info(plan_id: str) -> Plan:
    return PLANS.get(plan_id) or (LOCAL_PLAN if plan_id == LOCAL else Plan(plan_id, plan_id.title(), 0.0, False,
                                                                          False))


def limits(settings: Settings, plan: str) -> dict[str, int | None]:
    """The plan's limits; a plan the settings do not know is unlimited (e.g. a hand-set internal plan)."""
    configured = settings.plan_limits.get(plan) or {}
    return {k: configured.get(k) for k in LIMIT_KEYS}


def catalog(settings: Settings) -> list[dict[str, Any]]:
    """`GET /api/billing/plans`: the plans a customer can choose, with their limits."""
    return [{"id": p.id, "name": p.name, "price_usd_month": p.price_usd_month, "per_user": p.per_user,
             "limits": limits(settings, p.id), "available": not p.paid or p.id in settings.stripe_prices}
            for p in PLANS.values()]


def account_row(s: Session, account_key: str) -> Organization | User | None:
    kind, _, ident = account_key.partition(":")
    return s.get(Organization, ident) if kind == "org" else s.get(User, ident)


def stored_plan(s: Session, account_key: str) -> str:
    row = account_row(s, account_key)
    return row.plan if row is not None else LOCAL


def grace_ends(settings: Settings, billing: BillingAccount | None) -> datetime | None:
    """When a past-due subscription's grace period ends (None: not past due)."""
    if billing is None or billing.past_due_since is None:
        return None
    return billing.past_due_since + timedelta(days=settings.billing_grace_days)


def study_seconds(s: Session, settings: Settings, account_key: str) -> float | None:
    """The time limit of a study the account starts now (stored with the study)."""
    value = limits(settings, effective_plan(s, settings, account_key)).get("max_study_seconds")
    return None if value is None else float(value)


def concurrency_caps(db, settings: Settings, account_keys: set[str]) -> dict[str, int | None]:
    """Per account: how many of its studies may run at once (None: no cap); the local scheduler's input."""
    with db.session() as s:
        return {k: limits(settings, effective_plan(s, settings, k)).get("max_concurrent_studies")
                for k in account_keys}


def effective_plan(s: Session, settings: Settings, account_key: str, now: datetime | None = None) -> str:
    """The plan whose limits apply now: the stored plan, or Free once a failed payment's grace period is over."""
    plan = stored_plan(s, account_key)
    if not settings.billing_enabled or plan in (FREE, LOCAL):
        return plan
    ends = grace_ends(settings, s.get(BillingAccount, account_key))
    if ends is not None and (now or utcnow()) >= ends:
        return FREE
    return plan
