"""Usage per billing period (studies, server study minutes, contingency outages) and the plan limits (402).

A billing period is the subscription's current period as Stripe last reported it, or the calendar month (UTC)
for an account without one. Usage records are written when a study is created (studies) and when a server run
ends (minutes, and the outages the engine reports it evaluated); they outlive the study, so deleting studies
does not give quota back.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from chalicelib.billing.plans import FREE, PLANS, effective_plan, grace_ends, limits, plan_info
from chalicelib.config import Settings
from chalicelib.http.errors import PaymentRequired, field_error
from chalicelib.storage.db import Database
from chalicelib.storage.models import BillingAccount, Study, UsageRecord, utcnow


@dataclass(frozen=True)
class Metric:
    id: str
    name: str
    limit: str
    #: How a limit reads: "10 studies a month".
    noun: str
    unit: str


METRICS: dict[str, Metric] = {m.id: m for m in (
    Metric("studies", "Studies", "max_studies_per_month", "studies", "studies"),
    Metric("server_minutes", "Server study minutes", "max_server_minutes_per_month", "server study minutes", "min"),
    Metric("contingency_outages", "Contingency outages", "max_contingency_outages_per_month",
           "contingency outages", "outages"),
)}
#: Units of work a study type reports (`StudyOutcome.work`) -> the metric that meters them.
WORK_METRICS = {"outages": "contingency_outages"}


@dataclass(frozen=True)
class Period:
    start: datetime
    end: datetime

    def to_dict(self) -> dict[str, str]:
        return {"start": self.start.isoformat() + "Z", "end": self.end.isoformat() + "Z"}


def _add_month(t: datetime) -> datetime:
    year, month = (t.year + 1, 1) if t.month == 12 else (t.year, t.month + 1)
    return t.replace(year=year, month=month, day=min(t.day, calendar.monthrange(year, month)[1]))


def current_period(s: Session, account_key: str, now: datetime | None = None) -> Period:
    """The subscription's period containing `now` (rolled forward month by month if Stripe's renewal has not
    been seen yet), else the calendar month."""
    now = now or utcnow()
    row = s.get(BillingAccount, account_key)
    if row is not None and row.current_period_start and row.current_period_end and row.current_period_start <= now:
        start, end = row.current_period_start, row.current_period_end
        while end <= now:
            start, end = end, _add_month(end)
        return Period(start, end)
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    return Period(start, _add_month(start))


def used(s: Session, account_key: str, period: Period) -> dict[str, float]:
    rows = s.execute(select(UsageRecord.metric, func.sum(UsageRecord.quantity))
                     .where(UsageRecord.account_key == account_key, UsageRecord.period_start == period.start)
                     .group_by(UsageRecord.metric)).all()
    totals = {m: 0.0 for m in METRICS}
    totals.update({metric: float(total or 0) for metric, total in rows})
    return totals


def record(s: Session, account_key: str, metric: str, quantity: float, study_id: str | None = None,
           now: datetime | None = None) -> None:
    """Add usage in the account's current period; a study's metric is recorded once (a retry adds nothing)."""
    if metric not in METRICS:
        raise ValueError(f"unknown usage metric {metric!r}")
    if study_id is not None and s.scalar(select(UsageRecord.id).where(UsageRecord.study_id == study_id,
                                                                      UsageRecord.metric == metric)):
        return
    period = current_period(s, account_key, now)
    try:
        with s.begin_nested():
            s.add(UsageRecord(account_key=account_key, period_start=period.start, metric=metric,
                              quantity=float(quantity), study_id=study_id))
    except IntegrityError:  # recorded concurrently by another attempt
        pass


def record_run(db: Database, study_id: str, server_seconds: float, work: dict[str, float]) -> None:
    """A server run's usage (the worker, after the study's final write): minutes and the work it reports."""
    with db.session() as s:
        st = s.get(Study, study_id)
        if st is None:
            return
        record(s, st.account_key, "server_minutes", round(server_seconds / 60.0, 6), study_id)
        for unit, quantity in work.items():
            metric = WORK_METRICS.get(unit)
            if metric is not None and quantity:
                record(s, st.account_key, metric, quantity, study_id)


# --------------------------------------------------------------------------- limits (402)


def _fmt(x: float | int) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def _upgrade_hint(settings: Settings, plan: str, limit: str, value: float) -> str:
    """Which plan would allow `value` of `limit`, and how to get it (a clause, no final stop)."""
    if not settings.billing_enabled:
        return "Billing is not enabled on this server: ask its administrator to raise GRIDSOLVE_PLAN_LIMITS"
    order = list(PLANS)
    for candidate in order[order.index(plan) + 1 if plan in order else 0:]:
        cap = limits(settings, candidate).get(limit)
        if cap is None or cap > value:
            allows = "no limit" if cap is None else _fmt(cap)
            return (f"Upgrade to {PLANS[candidate].name} ({allows}) on the Plans page "
                    "(POST /api/billing/checkout)")
    return "No plan allows more: contact us"


def check_buses(s: Session, settings: Settings, account_key: str, n: int) -> None:
    """402 when a network of `n` buses is larger than the account's plan allows."""
    plan = effective_plan(s, settings, account_key)
    cap = limits(settings, plan).get("max_buses")
    if cap is not None and n > cap:
        hint = _upgrade_hint(settings, plan, "max_buses", n)
        raise PaymentRequired(
            f"Plan limit: the {plan_info(plan).name} plan ({plan}) allows networks of at most {_fmt(cap)} buses; "
            f"this one has {_fmt(n)}. {hint}; or reduce the network.",
            fields=[field_error("max_buses", f"{n} buses, limit {cap}")])


def check_period(s: Session, settings: Settings, account_key: str) -> None:
    """402 when any per-period limit of the account's plan is used up."""
    plan = effective_plan(s, settings, account_key)
    caps = limits(settings, plan)
    period = current_period(s, account_key)
    totals = used(s, account_key, period)
    for metric in METRICS.values():
        cap = caps.get(metric.limit)
        if cap is None or totals[metric.id] < cap:
            continue
        hint = _upgrade_hint(settings, plan, metric.limit, totals[metric.id])
        raise PaymentRequired(
            f"Plan limit: the {plan_info(plan).name} plan ({plan}) allows {_fmt(cap)} {metric.noun} a month and "
            f"{_fmt(totals[metric.id])} have been used in this billing period ({period.start:%Y-%m-%d} to "
            f"{period.end:%Y-%m-%d}). {hint}; or wait for the next period.",
            fields=[field_error(metric.limit, f"{_fmt(totals[metric.id])} of {_fmt(cap)} used")])


def check_planned_work(s: Session, settings: Settings, account_key: str, work: dict[str, float]) -> None:
    """402 when a study's planned work (a campaign's outages) would take a metered total past the plan's limit;
    the work itself is metered when the study has run."""
    plan = effective_plan(s, settings, account_key)
    caps = limits(settings, plan)
    totals = used(s, account_key, current_period(s, account_key))
    for unit, amount in work.items():
        metric = METRICS[WORK_METRICS[unit]]
        cap = caps.get(metric.limit)
        if cap is None or totals[metric.id] + amount <= cap:
            continue
        left = max(0.0, cap - totals[metric.id])
        hint = _upgrade_hint(settings, plan, metric.limit, totals[metric.id] + amount)
        raise PaymentRequired(
            f"Plan limit: this study has {_fmt(amount)} {metric.noun} and the {plan_info(plan).name} plan ({plan}) "
            f"allows {_fmt(cap)} a month, of which {_fmt(left)} are left in this billing period. {hint}; or run "
            "fewer (choose elements or an outage list).",
            fields=[field_error(metric.limit, f"{_fmt(amount)} planned, {_fmt(left)} of {_fmt(cap)} left")])


def admit_study(s: Session, settings: Settings, account_key: str, bus_count: int | None, study_id: str,
                planned_work: dict[str, float] | None = None) -> None:
    """Check the plan for a new study (network size, period limits, the work it plans) and count it."""
    if bus_count is not None:
        check_buses(s, settings, account_key, bus_count)
    check_period(s, settings, account_key)
    if planned_work:
        check_planned_work(s, settings, account_key, planned_work)
    record(s, account_key, "studies", 1, study_id)


def summary(s: Session, settings: Settings, account_key: str) -> dict[str, Any]:
    """`GET /api/billing/usage`: the plan in force, this period's usage against its limits, the subscription."""
    plan = effective_plan(s, settings, account_key)
    caps = limits(settings, plan)
    period = current_period(s, account_key)
    totals = used(s, account_key, period)
    row = s.get(BillingAccount, account_key)
    ends = grace_ends(settings, row)
    return {
        "account": account_key, "billing_enabled": settings.billing_enabled,
        "plan": {"id": plan, "name": plan_info(plan).name}, "period": period.to_dict(),
        "limits": caps,
        "usage": [{"metric": m.id, "name": m.name, "unit": m.unit, "used": round(totals[m.id], 6),
                   "limit": caps.get(m.limit)} for m in METRICS.values()],
        "subscription": None if row is None or row.stripe_subscription_id is None else {
            "plan": row.subscribed_plan, "status": row.status, "seats": row.seats,
            "cancel_at_period_end": row.cancel_at_period_end,
            "grace_ends": ends.isoformat() + "Z" if ends else None,
            "limited_to_free": plan == FREE and row.subscribed_plan not in (None, FREE),
        },
    }
