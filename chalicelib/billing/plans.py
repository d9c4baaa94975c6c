"""Plan limits, from configuration: buses per project, studies per calendar month, studies of one account
running at once and a study's time limit (the last two are applied by the study scheduler)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from chalicelib.http.errors import PaymentRequired
from chalicelib.storage.models import Organization, Study, User, utcnow


def plan_of(s: Session, account_key: str) -> str:
    kind, _, ident = account_key.partition(":")
    row: Organization | User | None = s.get(Organization, ident) if kind == "org" else s.get(User, ident)
    return row.plan if row is not None else "local"


def limits(settings, plan: str) -> dict[str, int | None]:
    return settings.plan_limits.get(plan) or {"max_buses": None, "max_studies_per_month": None}


def study_seconds(s: Session, settings, account_key: str) -> float | None:
    """The time limit of a study the account starts now (stored with the study)."""
    value = limits(settings, plan_of(s, account_key)).get("max_study_seconds")
    return None if value is None else float(value)


def concurrency_caps(db, settings, account_keys: set[str]) -> dict[str, int | None]:
    """Per account: how many of its studies may run at once (None: no cap)."""
    with db.session() as s:
        return {k: limits(settings, plan_of(s, k)).get("max_concurrent_studies") for k in account_keys}


def check_buses(s: Session, settings, account_key: str, n: int) -> None:
    plan = plan_of(s, account_key)
    cap = limits(settings, plan).get("max_buses")
    if cap is not None and n > cap:
        raise PaymentRequired(
            f"The {plan} plan allows networks of at most {cap} buses; this one has {n}. "
            "Upgrade the plan or reduce the network."
        )


def check_studies(s: Session, settings, account_key: str) -> None:
    plan = plan_of(s, account_key)
    cap = limits(settings, plan).get("max_studies_per_month")
    if cap is None:
        return
    now = utcnow()
    month_start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    used = (
        s.scalar(
            select(func.count())
            .select_from(Study)
            .where(Study.account_key == account_key, Study.created_at >= month_start)
        )
        or 0
    )
    if used >= cap:
        raise PaymentRequired(
            f"The {plan} plan allows {cap} studies a month and {used} have been run this month. "
            "Upgrade the plan or wait for next month."
        )
