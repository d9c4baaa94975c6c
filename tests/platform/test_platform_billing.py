"""Billing: plans, Checkout and Portal through the Stripe SDK, webhooks (signatures, duplicates, order), usage
and the 402s, against localstripe (a stateful Stripe emulator the tests start) and, for Checkout and Portal
sessions, which localstripe lacks, the SDK's recorded requests."""

from __future__ import annotations

import json
import time
from dataclasses import replace
from datetime import timedelta

import pytest
import stripe
from alembic import command
from sqlalchemy import func, select

from chalicelib.billing.gateway import StripeGateway
from chalicelib.platform import get_platform
from chalicelib.storage.db import alembic_config
from chalicelib.storage.models import BillingAccount, BillingEvent, Organization, Project, Study, UsageRecord, User
from tests.platform.platform_helpers import case_text, import_case
from tests.platform.stripe_emulator import API_KEY, PRICES, WEBHOOK_SECRET, LocalStripe, RecordingHttpClient

try:
    import localstripe  # noqa: F401
except ImportError:  # pragma: no cover
    localstripe = None


@pytest.fixture(scope="module")
def emulator(tmp_path_factory):
    if localstripe is None:
        pytest.skip("localstripe is not installed (pip install -r requirements-dev.txt)")
    ls = LocalStripe(tmp_path_factory.mktemp("localstripe"))
    yield ls
    ls.stop()


@pytest.fixture
def billing(platform, emulator):
    """The platform with billing on, talking to localstripe through a recording HTTP client."""
    platform.settings = replace(platform.settings, stripe_secret_key=API_KEY, stripe_webhook_secret=WEBHOOK_SECRET,
                                stripe_api_base=emulator.base, stripe_prices=dict(PRICES), default_plan="free")
    recorder = RecordingHttpClient()
    platform.billing = StripeGateway(platform.settings, http_client=recorder)
    emulator.sink.drain()
    return recorder


def deliver(api, body: bytes, signature: str | None):
    headers = {"Content-Type": "application/json; charset=utf-8"}
    if signature is not None:
        headers["Stripe-Signature"] = signature
    return api.call("POST", "/api/billing/webhook", raw=body, token=None, headers=headers)


def relay(api, received) -> list[dict]:
    """Post what localstripe sent to the webhook sink to GridSolve's endpoint, signature and all."""
    out = []
    for _, headers, body in received:
        r = deliver(api, body, headers["Stripe-Signature"])
        assert r.status == 200, r.json
        out.append(r.json)
    return out


def subscribe(api, emulator, user, plan="professional", org_id=None, quantity=1):
    """Checkout through the API, then what Stripe's Checkout page does, then the webhooks it sends."""
    body = {"plan": plan, **({"org_id": org_id} if org_id else {})}
    r = user.post("/api/billing/checkout", body)
    assert r.status == 200, r.json
    key = f"org:{org_id}" if org_id else f"user:{user.id}"
    with get_platform().db.session() as s:
        customer = s.get(BillingAccount, key).stripe_customer_id
    sub = emulator.complete_checkout(customer, plan, quantity, key)
    relay(api, emulator.sink.events({"customer.subscription.created", "invoice.payment_succeeded"}))
    return key, customer, sub


def usage_of(user, org_id=None) -> dict:
    r = user.get("/api/billing/usage" + (f"?org_id={org_id}" if org_id else ""))
    assert r.status == 200, r.json
    return r.json


# --------------------------------------------------------------------------- without Stripe


def test_billing_is_off_without_keys(api, platform):
    """The local default: no Stripe account, every account on the local plan, no limits."""
    u = api.register()
    assert u.get("/api/auth/me").json["plan"] == "local"
    plans = api.get("/api/billing/plans", token=None)
    assert plans.status == 200 and plans.json["billing_enabled"] is False
    assert u.post("/api/billing/checkout", {"plan": "professional"}).json["error"]["code"] == "billing_disabled"
    assert u.post("/api/billing/portal", {}).status == 404
    assert deliver(api, b"{}", "t=1,v1=00").status == 404
    use = usage_of(u)
    assert use["plan"]["id"] == "local" and all(m["limit"] is None for m in use["usage"])


def test_plans_are_public_with_the_configured_limits(api, platform):
    platform.settings = replace(platform.settings, plan_limits={
        **platform.settings.plan_limits, "free": {**platform.settings.plan_limits["free"], "max_buses": 40}})
    r = api.get("/api/billing/plans", token=None)
    assert r.status == 200
    plans = {p["id"]: p for p in r.json["plans"]}
    assert list(plans) == ["free", "professional", "utility"]
    assert [(p["name"], p["price_usd_month"], p["per_user"]) for p in plans.values()] == [
        ("Free", 0.0, False), ("Professional", 149.0, False), ("Utility", 399.0, True)]
    assert plans["free"]["limits"]["max_buses"] == 40 and plans["free"]["limits"]["max_studies_per_month"] == 10
    assert plans["professional"]["limits"]["max_buses"] == 5000
    assert plans["professional"]["limits"]["max_studies_per_month"] == 500
    utility = plans["utility"]["limits"]
    assert utility["max_buses"] is None and utility["max_studies_per_month"] is None


# --------------------------------------------------------------------------- usage and 402


def test_usage_is_recorded_and_the_402_says_which_limit(api, platform):
    platform.settings = replace(platform.settings, default_plan="free", plan_limits={
        **platform.settings.plan_limits, "free": {**platform.settings.plan_limits["free"],
                                                  "max_studies_per_month": 2}})
    u = api.register()
    pid = import_case(u).json["id"]
    base = f"/api/projects/{pid}/studies"
    sids = [u.post(base, {"study_type": "power_flow"}).json["id"] for _ in range(2)]
    use = {m["metric"]: m for m in usage_of(u)["usage"]}
    assert use["studies"]["used"] == 2 and use["studies"]["limit"] == 2
    assert use["server_minutes"]["used"] > 0  # both ran inline, their wall time metered
    u.delete(f"{base}/{sids[0]}")  # deleting a study does not give the quota back
    r = u.post(base, {"study_type": "power_flow"})
    assert r.status == 402 and r.json["error"]["code"] == "plan_limit"
    msg = r.json["error"]["message"]
    assert "Free plan" in msg and "2 studies a month" in msg and "2 have been used" in msg
    assert "billing period" in msg and "GRIDSOLVE_PLAN_LIMITS" in msg  # billing off: who can raise it
    assert r.json["error"]["fields"][0]["field"] == "max_studies_per_month"


def test_server_minutes_limit(api, platform):
    platform.settings = replace(platform.settings, default_plan="free", plan_limits={
        **platform.settings.plan_limits, "free": {**platform.settings.plan_limits["free"],
                                                  "max_server_minutes_per_month": 0}})
    u = api.register()
    pid = import_case(u).json["id"]
    r = u.post(f"/api/projects/{pid}/studies", {"study_type": "power_flow"})
    assert r.status == 402 and "0 server study minutes a month" in r.json["error"]["message"]


def test_a_campaign_larger_than_the_outages_left_is_refused_before_it_runs(api, platform):
    """IEEE 14's N-1 is 20 branch outages + 4 generator outages (the slack's unit excluded) = counted by the plan;
    with 30 a month, the first campaign runs and is metered, the second (24 more) would pass the limit: 402."""
    platform.settings = replace(platform.settings, plan_limits={
        **platform.settings.plan_limits, "local": {**platform.settings.plan_limits["local"],
                                                   "max_contingency_outages_per_month": 30}})
    u = api.register()
    pid = import_case(u).json["id"]
    base = f"/api/projects/{pid}/studies"
    first = u.post(base, {"study_type": "contingency"})
    assert first.status == 201, first.json
    n = u.get(f"{base}/{first.json['id']}").json["results_summary"]["outages"]
    use = {m["metric"]: m for m in usage_of(u)["usage"]}
    assert use["contingency_outages"]["used"] == n and 15 < n <= 30
    r = u.post(base, {"study_type": "contingency"})
    assert r.status == 402 and r.json["error"]["code"] == "plan_limit", r.json
    msg = r.json["error"]["message"]
    assert f"this study has {n} contingency outages" in msg and f"{30 - n} are left" in msg, msg
    assert r.json["error"]["fields"][0]["field"] == "max_contingency_outages_per_month"
    assert len(u.get(base).json["studies"]) == 1  # nothing stored for the refused one
    small = u.post(base, {"study_type": "contingency", "parameters": {"outages": [["br_1"]]}})
    assert small.status == 201, small.json  # one outage still fits


def test_usage_of_an_organization_needs_membership(api, platform):
    a, b = api.register(), api.register()
    org = a.post("/api/orgs", {"name": "Grid Co"}).json
    assert usage_of(a, org["id"])["account"] == f"org:{org['id']}"
    assert b.get(f"/api/billing/usage?org_id={org['id']}").status == 404


# --------------------------------------------------------------------------- Checkout and Portal (recorded)


def test_checkout_request_shape(api, billing, emulator):
    """localstripe has no Checkout Sessions: the customer is created on the emulator, the session request is the
    SDK's, recorded, with Stripe's parameters."""
    u = api.register(name="Ada")
    r = u.post("/api/billing/checkout", {"plan": "professional"})
    assert r.status == 200 and r.json["url"].startswith("https://")
    (req,) = billing.sent("/v1/checkout/sessions")
    p = req["params"]
    assert req["method"] == "POST" and req["headers"]["Authorization"] == f"Bearer {API_KEY}"
    assert p["mode"] == "subscription" and p["line_items[0][price]"] == PRICES["professional"]
    assert p["line_items[0][quantity]"] == "1"
    assert p["client_reference_id"] == f"user:{u.id}" and p["metadata[account_key]"] == f"user:{u.id}"
    assert p["subscription_data[metadata][account_key]"] == f"user:{u.id}"
    assert p["success_url"].endswith("/#/billing?checkout=success") and p["cancel_url"].endswith("cancelled")
    customer = emulator.client.v1.customers.retrieve(p["customer"])  # a real customer on the emulator
    assert customer.email == u.email and customer.metadata["account_key"] == f"user:{u.id}"
    # a second checkout reuses the customer
    u.post("/api/billing/checkout", {"plan": "utility"})
    assert billing.sent("/v1/checkout/sessions")[1]["params"]["customer"] == p["customer"]
    assert len(billing.sent("/v1/customers")) == 1


def test_utility_checkout_bills_every_member_and_needs_an_admin(api, billing):
    owner, member = api.register(), api.register()
    org = owner.post("/api/orgs", {"name": "Utility Co"}).json
    inv = owner.post(f"/api/orgs/{org['id']}/invitations", {"email": member.email}).json
    member.post(f"/api/invitations/{inv['id']}/accept")
    assert member.post("/api/billing/checkout", {"plan": "utility", "org_id": org["id"]}).status == 403
    assert owner.post("/api/billing/checkout", {"plan": "utility", "org_id": org["id"]}).status == 200
    p = billing.sent("/v1/checkout/sessions")[-1]["params"]
    assert p["line_items[0][price]"] == PRICES["utility"] and p["line_items[0][quantity]"] == "2"
    assert p["client_reference_id"] == f"org:{org['id']}"
    assert owner.post("/api/billing/checkout", {"plan": "free"}).status == 400


def test_portal_request_shape(api, billing, emulator):
    u = api.register()
    assert u.post("/api/billing/portal", {}).status == 409  # no customer yet
    subscribe(api, emulator, u)
    r = u.post("/api/billing/portal", {})
    assert r.status == 200 and r.json["url"].startswith("https://")
    (req,) = billing.sent("/v1/billing_portal/sessions")
    assert req["params"]["customer"].startswith("cus_") and req["params"]["return_url"].endswith("/#/billing")
    # subscribed: a second checkout is refused (plan changes go through the portal)
    assert u.post("/api/billing/checkout", {"plan": "utility"}).status == 409


# --------------------------------------------------------------------------- subscriptions through webhooks


def test_subscribe_change_plan_and_cancel_through_webhooks(api, billing, emulator):
    u = api.register()
    assert u.get("/api/auth/me").json["plan"] == "free"
    big = {"name": "30", "format": "matpower", "content": case_text("case30.m")}
    assert u.post("/api/projects/import", big).status == 402  # 30 buses > Free's 25
    key, _, sub = subscribe(api, emulator, u)
    assert u.get("/api/auth/me").json["plan"] == "professional"
    use = usage_of(u)
    assert use["plan"]["id"] == "professional" and use["subscription"]["status"] == "active"
    assert use["period"]["start"].startswith(time.strftime("%Y-%m-%d", time.gmtime(sub["current_period_start"])))
    assert u.post("/api/projects/import", big).status == 201

    # a plan change in the Customer Portal; localstripe sends no customer.subscription.updated, so the event
    # is signed here as Stripe signs it (its object is stale on purpose: the handler re-reads the emulator)
    emulator.change_price(sub["id"], PRICES["utility"])
    _, body, sig = emulator.signed_event("customer.subscription.updated", sub)
    assert deliver(api, body, sig).status == 200
    assert u.get("/api/auth/me").json["plan"] == "utility"

    emulator.client.v1.subscriptions.cancel(sub["id"])
    relay(api, emulator.sink.events({"customer.subscription.deleted"}))
    assert u.get("/api/auth/me").json["plan"] == "free"
    assert usage_of(u)["subscription"]["status"] == "canceled"


def test_signatures_are_checked_and_a_bad_one_changes_nothing(api, billing, emulator, platform):
    u = api.register()
    key, customer, sub = subscribe(api, emulator, u)
    emulator.client.v1.subscriptions.cancel(sub["id"])
    ((event, headers, body),) = [e for e in emulator.sink.events({"customer.subscription.deleted"})
                                 if e[0]["type"] == "customer.subscription.deleted"]
    sig = headers["Stripe-Signature"]
    assert deliver(api, body, None).json["error"]["code"] == "invalid_signature"
    assert deliver(api, body, "t=1,v1=deadbeef").status == 400
    assert deliver(api, body.replace(b"canceled", b"active"), sig).status == 400  # tampered body
    _, _, wrong_secret = emulator.signed_event(event["type"], event["data"]["object"], secret="whsec_someone_else")
    assert deliver(api, body, wrong_secret).status == 400
    _, old_body, old_sig = emulator.signed_event(event["type"], event["data"]["object"],
                                                 at=int(time.time()) - stripe.Webhook.DEFAULT_TOLERANCE - 60)
    assert deliver(api, old_body, old_sig).status == 400  # a replay older than the SDK's tolerance
    assert u.get("/api/auth/me").json["plan"] == "professional"  # nothing changed
    with platform.db.session() as s:
        assert s.get(BillingEvent, event["id"]) is None
    assert deliver(api, body, sig).status == 200  # the genuine delivery
    assert u.get("/api/auth/me").json["plan"] == "free"


def test_duplicates_and_events_out_of_order(api, billing, emulator, platform):
    u = api.register()
    body = {"plan": "professional"}
    assert u.post("/api/billing/checkout", body).status == 200
    with platform.db.session() as s:
        customer = s.get(BillingAccount, f"user:{u.id}").stripe_customer_id
    sub = emulator.complete_checkout(customer, "professional", 1, f"user:{u.id}")
    created = emulator.sink.events({"customer.subscription.created", "invoice.payment_succeeded"})
    upgraded = emulator.change_price(sub["id"], PRICES["utility"])
    _, up_body, up_sig = emulator.signed_event("customer.subscription.updated", upgraded)
    emulator.client.v1.subscriptions.cancel(sub["id"])
    deleted = emulator.sink.events({"customer.subscription.deleted"})
    # newest first: the cancellation, then the upgrade, then the creation; the account must end cancelled
    relay(api, deleted)
    assert u.get("/api/auth/me").json["plan"] == "free"
    assert deliver(api, up_body, up_sig).status == 200
    relay(api, list(reversed(created)))
    assert u.get("/api/auth/me").json["plan"] == "free"
    assert usage_of(u)["subscription"]["status"] == "canceled"
    # an event Stripe delivers again is applied once
    again = deliver(api, up_body, up_sig)
    assert again.status == 200 and again.json["duplicate"] is True
    with platform.db.session() as s:
        assert s.scalar(select(func.count()).select_from(BillingEvent)
                        .where(BillingEvent.id == json.loads(up_body)["id"])) == 1


def test_failed_payment_grace_period_then_free_limits(api, billing, emulator, platform):
    u = api.register()
    key, customer, sub = subscribe(api, emulator, u)
    big = import_case(u, "case30.m").json["id"]
    failed = emulator.fail_next_payment(customer, sub["id"])
    assert failed["status"] == "past_due"  # the emulator's own state
    invoice = emulator.client.v1.invoices.retrieve(failed["latest_invoice"]).to_dict()
    _, body, sig = emulator.signed_event("invoice.payment_failed", invoice)  # localstripe sends none here
    assert deliver(api, body, sig).status == 200
    use = usage_of(u)
    assert use["plan"]["id"] == "professional" and use["subscription"]["status"] == "past_due"
    assert use["subscription"]["grace_ends"] is not None
    assert u.post(f"/api/projects/{big}/studies", {"study_type": "power_flow"}).status == 201  # in grace
    with platform.db.session() as s:  # the grace period is over
        row = s.get(BillingAccount, key)
        row.past_due_since -= timedelta(days=platform.settings.billing_grace_days + 1)
    use = usage_of(u)
    assert use["plan"]["id"] == "free" and use["subscription"]["limited_to_free"] is True
    r = u.post(f"/api/projects/{big}/studies", {"study_type": "power_flow"})
    assert r.status == 402 and "25 buses" in r.json["error"]["message"]
    assert "Upgrade to Professional" in r.json["error"]["message"]
    # the customer pays and Stripe makes the subscription active again; localstripe cannot (a past_due
    # subscription stays so), so Stripe's answer to the re-read is given by the recording client
    active = {**emulator.client.v1.subscriptions.retrieve(sub["id"]).to_dict(), "status": "active"}
    active["items"]["data"][0]["plan"] = {"id": PRICES["professional"], "object": "plan"}
    billing.overrides[f"/v1/subscriptions/{sub['id']}"] = active
    _, body, sig = emulator.signed_event("invoice.payment_succeeded", {**invoice, "status": "paid"})
    assert deliver(api, body, sig).status == 200
    use = usage_of(u)
    assert use["plan"]["id"] == "professional" and use["subscription"]["grace_ends"] is None


def test_utility_seats_follow_the_member_count(api, billing, emulator, platform):
    owner, second, third = api.register(), api.register(), api.register()
    org = owner.post("/api/orgs", {"name": "Seats Co"}).json
    oid = org["id"]
    inv = owner.post(f"/api/orgs/{oid}/invitations", {"email": second.email}).json
    second.post(f"/api/invitations/{inv['id']}/accept")
    key, customer, sub = subscribe(api, emulator, owner, "utility", org_id=oid, quantity=2)
    assert owner.get(f"/api/orgs/{oid}").json["plan"] == "utility"
    assert usage_of(owner, oid)["subscription"]["seats"] == 2

    inv = owner.post(f"/api/orgs/{oid}/invitations", {"email": third.email}).json
    assert third.post(f"/api/invitations/{inv['id']}/accept").status == 200
    assert emulator.client.v1.subscriptions.retrieve(sub["id"]).to_dict()["items"]["data"][0]["quantity"] == 3
    assert usage_of(owner, oid)["subscription"]["seats"] == 3
    assert owner.delete(f"/api/orgs/{oid}/members/{second.id}").status == 204
    assert emulator.client.v1.subscriptions.retrieve(sub["id"]).to_dict()["items"]["data"][0]["quantity"] == 2
    _, body, sig = emulator.signed_event("customer.subscription.updated", sub)  # Stripe's echo: no change
    assert deliver(api, body, sig).status == 200
    assert usage_of(owner, oid)["subscription"]["seats"] == 2
    with platform.db.session() as s:
        assert s.get(Organization, oid).plan == "utility"


def test_personal_and_organization_plans_are_separate(api, billing, emulator):
    u = api.register()
    org = u.post("/api/orgs", {"name": "Side Co"}).json
    subscribe(api, emulator, u, "professional", org_id=org["id"])
    assert u.get(f"/api/orgs/{org['id']}").json["plan"] == "professional"
    assert u.get("/api/auth/me").json["plan"] == "free"
    assert usage_of(u)["plan"]["id"] == "free" and usage_of(u, org["id"])["plan"]["id"] == "professional"


def test_events_for_unknown_accounts_and_other_types_are_acknowledged(api, billing, emulator, platform):
    event, body, sig = emulator.signed_event("customer.created", {"object": "customer", "id": "cus_x"})
    r = deliver(api, body, sig)
    assert r.status == 200 and r.json["applied"] is False
    foreign = emulator.client.v1.customers.create(params={"email": "x@example.com"})
    emulator.pay_with(foreign.id, "4242424242424242")
    sub = emulator.client.v1.subscriptions.create(params={"customer": foreign.id,
                                                          "items": [{"plan": PRICES["utility"]}]}).to_dict()
    _, body, sig = emulator.signed_event("customer.subscription.created", sub)
    r = deliver(api, body, sig)
    assert r.status == 200 and r.json["applied"] is False  # nobody here: acknowledged, nothing changes
    with platform.db.session() as s:
        assert s.get(BillingEvent, event["id"]) is not None
        assert s.scalar(select(func.count()).select_from(User).where(User.plan != "free")) == 0


def test_migration_counts_this_months_studies(platform):
    """0008 seeds usage from the studies already run this month (checked on the rows the test creates)."""
    with platform.db.session() as s:
        u = User(email="m@example.com", name="m")
        s.add(u)
        s.flush()
        p = Project(name="p", owner_user_id=u.id, network_json="{}")
        s.add(p)
        s.flush()
        s.add(Study(project_id=p.id, project_version=1, account_key=f"user:{u.id}", study_type="x",
                    analysis_method="y"))
    cfg = alembic_config(platform.db.url)
    with platform.db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0007")
        command.upgrade(cfg, "head")
    with platform.db.session() as s:
        assert s.scalar(select(func.count()).select_from(UsageRecord)
                        .where(UsageRecord.account_key == f"user:{u.id}", UsageRecord.metric == "studies")) == 1
