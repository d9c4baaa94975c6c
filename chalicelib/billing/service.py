"""Billing for the routes: which account a request is about, Checkout to subscribe, the Customer Portal to
manage, usage, and Utility seats that follow an organization's member count."""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chalicelib.accounts.orgs import load_org
from chalicelib.billing import usage
from chalicelib.billing.gateway import StripeGateway
from chalicelib.billing.plans import GRACE, LIVE, PLANS
from chalicelib.billing.subscriptions import apply_subscription, billing_row, first_item
from chalicelib.config import Settings
from chalicelib.http.errors import BadRequest, Conflict, NotFound, field_error
from chalicelib.storage.models import BillingAccount, Membership, User

log = logging.getLogger("gridsolve.billing")


def require(gateway: StripeGateway | None) -> StripeGateway:
    if gateway is None:
        raise NotFound("Billing is not enabled on this server (no GRIDSOLVE_STRIPE_SECRET_KEY): every "
                                "account is on its local plan", code="billing_disabled")
    return gateway


def account(s: Session, user: User, org_id: Any, need: str = "member") -> tuple[str, str, str]:
    """(account key, billing email, display name) of the personal account or of organization `org_id`."""
    if org_id in (None, ""):
        return f"user:{user.id}", user.email, user.name or user.email
    if not isinstance(org_id, str):
        raise BadRequest("org_id must be a string", fields=[field_error("org_id", "string expected")])
    org, _ = load_org(s, org_id, user, need)
    return f"org:{org.id}", user.email, org.name


def seat_count(s: Session, account_key: str) -> int:
    kind, _, ident = account_key.partition(":")
    if kind != "org":
        return 1
    return max(1, s.scalar(select(func.count()).select_from(Membership).where(Membership.org_id == ident)) or 1)


def checkout(s: Session, settings: Settings, gateway: StripeGateway | None, user: User,
             body: dict[str, Any]) -> dict[str, Any]:
    """A Checkout Session for a paid plan (organizations: admins). Per-user plans are billed per member."""
    gw = require(gateway)
    plan = body.get("plan")
    if plan not in PLANS or not PLANS[plan].paid:
        paid = [p for p in PLANS if PLANS[p].paid]
        raise BadRequest(f"plan must be one of {', '.join(paid)}", fields=[field_error("plan", "|".join(paid))])
    price = settings.stripe_prices.get(plan)
    if not price:
        raise NotFound(f"The {PLANS[plan].name} plan has no Stripe price on this server "
                                f"(GRIDSOLVE_STRIPE_PRICE_{plan.upper()})", code="billing_disabled")
    key, email, name = account(s, user, body.get("org_id"), "admin")
    row = billing_row(s, key)
    if row.stripe_subscription_id and row.status in LIVE + GRACE:
        raise Conflict(f"This account already has a {row.subscribed_plan} subscription; change or cancel it in "
                       "the billing portal (POST /api/billing/portal)")
    if not row.stripe_customer_id:
        row.stripe_customer_id = gw.create_customer(email, name, key)
    quantity = seat_count(s, key) if PLANS[plan].per_user else 1
    base = settings.public_url
    session = gw.checkout_session(row.stripe_customer_id, price, quantity, key,
                                  success_url=f"{base}/#/billing?checkout=success",
                                  cancel_url=f"{base}/#/billing?checkout=cancelled")
    return {"url": session["url"], "id": session.get("id")}


def portal(s: Session, settings: Settings, gateway: StripeGateway | None, user: User,
           body: dict[str, Any]) -> dict[str, Any]:
    """A Customer Portal session for the account's Stripe customer (organizations: admins)."""
    gw = require(gateway)
    key, _, _ = account(s, user, body.get("org_id"), "admin")
    row = s.get(BillingAccount, key)
    if row is None or not row.stripe_customer_id:
        raise Conflict("This account has no billing yet: subscribe first (POST /api/billing/checkout)")
    session = gw.portal_session(row.stripe_customer_id, f"{settings.public_url}/#/billing")
    return {"url": session["url"]}


def usage_summary(s: Session, settings: Settings, user: User, query: dict[str, str]) -> dict[str, Any]:
    key, _, _ = account(s, user, query.get("org_id"))
    return usage.summary(s, settings, key)


def sync_seats(s: Session, settings: Settings, gateway: StripeGateway | None, org_id: str) -> int | None:
    """Set a per-user subscription's quantity to the organization's member count (after members join or
    leave); returns the seats billed, None when there is nothing to bill per member."""
    key = f"org:{org_id}"
    row = s.get(BillingAccount, key)
    if gateway is None or row is None or not row.stripe_subscription_id or row.status not in LIVE + GRACE:
        return None
    if row.subscribed_plan not in PLANS or not PLANS[row.subscribed_plan].per_user:
        return None
    seats = seat_count(s, key)
    if seats != row.seats:
        item = first_item(gateway.subscription(row.stripe_subscription_id))
        apply_subscription(s, settings, gateway.set_quantity(row.stripe_subscription_id, item["id"], seats))
    return seats


def seats_changed(platform: Any, org_id: str) -> None:
    """After a membership change is committed: bill the new member count (Stripe errors are logged; the next
    change or webhook reconciles)."""
    try:
        with platform.db.session() as s:
            sync_seats(s, platform.settings, platform.billing, org_id)
    except Exception:
        log.exception("could not update the seats of organization %s", org_id)
