"""SQLAlchemy 2 models: the relational metadata of the platform (same schema on SQLite and PostgreSQL)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    """Naive UTC timestamp (stored the same way on SQLite and PostgreSQL)."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_id() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(String(320), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    password_hash: Mapped[str | None] = mapped_column(String(100), nullable=True)
    plan: Mapped[str] = mapped_column(String(32), default="local")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    # set when the owner followed the link mailed to `email` (or a provider vouched for it); an unverified
    # address cannot accept invitations or be linked to an OAuth identity
    email_verified_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)


class EmailToken(Base):
    """A one-time token mailed to an address: `verify` (prove the address) or `unlock` (lift a sign-in
    lockout). Only its hash is stored; consumed with one conditional DELETE."""

    __tablename__ = "email_tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(16))
    email: Mapped[str] = mapped_column(String(320))
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class OAuthLinkRequest(Base):
    """A provider identity waiting to be linked to an existing password account: linked only when the
    account's password is given too (the user proves both)."""

    __tablename__ = "oauth_link_requests"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    provider: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(200))
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class OAuthIdentity(Base):
    __tablename__ = "oauth_identities"
    __table_args__ = (UniqueConstraint("provider", "subject"),)
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    provider: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class OAuthState(Base):
    __tablename__ = "oauth_states"
    state: Mapped[str] = mapped_column(String(100), primary_key=True)
    provider: Mapped[str] = mapped_column(String(32))
    code_verifier: Mapped[str] = mapped_column(String(200))
    redirect_uri: Mapped[str] = mapped_column(String(1000))
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class LoginCode(Base):
    """One-time code handed to the browser after OAuth sign-in, exchanged once for tokens."""

    __tablename__ = "login_codes"
    code_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class AuthSession(Base):
    """A refresh-token family: one login. Revoking it ends every token issued from it."""

    __tablename__ = "auth_sessions"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    revoked_reason: Mapped[str | None] = mapped_column(String(100), nullable=True)


class RefreshToken(Base):
    __tablename__ = "refresh_tokens"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    session_id: Mapped[str] = mapped_column(ForeignKey("auth_sessions.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime)
    used_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class RateBucket(Base):
    """Token buckets for sign-in and registration attempts: `tokens` left at `updated_at` (epoch seconds);
    refilled continuously, so there is no window boundary to burst through."""

    __tablename__ = "rate_buckets"
    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    tokens: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)


class RateLimitCounter(Base):
    """Fixed-window counters (superseded by `RateBucket`; kept for the migration history)."""

    __tablename__ = "rate_limits"
    key: Mapped[str] = mapped_column(String(400), primary_key=True)
    window_start: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class Organization(Base):
    __tablename__ = "organizations"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    plan: Mapped[str] = mapped_column(String(32), default="local")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Membership(Base):
    __tablename__ = "memberships"
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Invitation(Base):
    __tablename__ = "invitations"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    org_id: Mapped[str] = mapped_column(ForeignKey("organizations.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    role: Mapped[str] = mapped_column(String(16))
    invited_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|accepted|revoked
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class Project(Base):
    __tablename__ = "projects"
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    owner_user_id: Mapped[str | None] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), nullable=True, index=True
    )
    org_id: Mapped[str | None] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), nullable=True, index=True
    )
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    is_public: Mapped[bool] = mapped_column(Boolean, default=False)
    sample_key: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    forked_from_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # Optimistic locking: every UPDATE carries "WHERE version = <loaded>", so two writers that loaded the same
    # version cannot both succeed (the loser gets StaleDataError -> 412).
    version: Mapped[int] = mapped_column(Integer, default=1)
    bus_count: Mapped[int] = mapped_column(Integer, default=0)
    network_json: Mapped[str] = mapped_column(Text)
    # "network" (a balanced gridsolve.model.Network) or "feeder" (a three-phase gridsolve.unbalanced.Feeder)
    model_kind: Mapped[str] = mapped_column(String(16), default="network", server_default="network")
    # Where each element is drawn ({"version": 1, "elements": {id: {x, y, rotation, length, waypoints}}});
    # see chalicelib/projects/diagram.py. The engine never reads it.
    diagram_json: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    __mapper_args__ = {"version_id_col": version}


class Study(Base):
    __tablename__ = "studies"
    __table_args__ = (
        Index("ix_studies_project_created", "project_id", "created_at"),
        Index("ix_studies_status", "status"),
        Index("ix_studies_account_created", "account_key", "created_at"),
    )
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    project_id: Mapped[str] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"))
    project_version: Mapped[int] = mapped_column(Integer)
    created_by: Mapped[str | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
    # "user:<id>" or "org:<id>": the account whose plan counts this study
    account_key: Mapped[str] = mapped_column(String(40))
    name: Mapped[str] = mapped_column(String(200), default="")
    study_type: Mapped[str] = mapped_column(String(32))
    analysis_method: Mapped[str] = mapped_column(String(32))
    parameters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    source: Mapped[str] = mapped_column(String(16), default="server")  # server|browser
    status: Mapped[str] = mapped_column(String(16), default="pending")
    progress_pct: Mapped[float] = mapped_column(Float, default=0.0)
    history: Mapped[list[Any]] = mapped_column(JSON, default=list)
    results_summary: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    error_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    error_detail: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    notes: Mapped[list[Any]] = mapped_column(JSON, default=list)
    input_key: Mapped[str | None] = mapped_column(String(300), nullable=True)
    result_key: Mapped[str | None] = mapped_column(String(300), nullable=True)
    attempt: Mapped[int] = mapped_column(Integer, default=0)
    run_token: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # the account's plan's limit when the study was created; the scheduler stops the run when it is reached
    time_limit_s: Mapped[float | None] = mapped_column(Float, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    wall_time_s: Mapped[float | None] = mapped_column(Float, nullable=True)


class StudyBatch(Base):
    """One batch of a study split into independent jobs (a contingency campaign's outages): the local pool runs
    the batches in parallel, each writes its output blob and its row once it ends. Every write is conditional on
    the batch's `run_token` and status, as the study's own are, so a finished batch is never run twice."""

    __tablename__ = "study_batches"
    __table_args__ = (Index("ix_study_batches_status", "status"),)
    study_id: Mapped[str] = mapped_column(ForeignKey("studies.id", ondelete="CASCADE"), primary_key=True)
    batch_index: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending|running|completed|failed
    run_token: Mapped[str] = mapped_column(String(32))
    attempt: Mapped[int] = mapped_column(Integer, default=0)
    #: the batch's work items as the engine planned them (a contingency batch: its outage sets)
    items: Mapped[list[Any]] = mapped_column(JSON)
    item_count: Mapped[int] = mapped_column(Integer)
    result_key: Mapped[str | None] = mapped_column(String(300), nullable=True)
    error_message: Mapped[str | None] = mapped_column(Text, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    wall_time_s: Mapped[float | None] = mapped_column(Float, nullable=True)


class IdempotencyRecord(Base):
    """An idempotency record of AWS Lambda Powertools (chalicelib/studies/idempotency.py) on the local default."""

    __tablename__ = "idempotency_records"
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    status: Mapped[str] = mapped_column(String(16))
    expiration: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    in_progress_expiration: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    payload_hash: Mapped[str | None] = mapped_column(String(200), nullable=True)
    response_data: Mapped[str | None] = mapped_column(Text, nullable=True)


class BillingAccount(Base):
    """An account's link to Stripe and its subscription as last read from Stripe (the webhooks keep it current).

    `account_key` is "user:<id>" or "org:<id>" (as on studies); the plan in force is the account's own `plan`
    column, which the webhooks set; `past_due_since` starts the grace period after a failed payment."""

    __tablename__ = "billing_accounts"
    account_key: Mapped[str] = mapped_column(String(40), primary_key=True)
    stripe_customer_id: Mapped[str | None] = mapped_column(String(100), unique=True, nullable=True)
    stripe_subscription_id: Mapped[str | None] = mapped_column(String(100), nullable=True, index=True)
    subscribed_plan: Mapped[str | None] = mapped_column(String(32), nullable=True)
    status: Mapped[str | None] = mapped_column(String(32), nullable=True)
    seats: Mapped[int] = mapped_column(Integer, default=1)
    current_period_start: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    current_period_end: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    cancel_at_period_end: Mapped[bool] = mapped_column(Boolean, default=False)
    past_due_since: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class BillingEvent(Base):
    """Stripe webhook events already applied (deduplication by event id)."""

    __tablename__ = "billing_events"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    type: Mapped[str] = mapped_column(String(100))
    account_key: Mapped[str | None] = mapped_column(String(40), nullable=True)
    received_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)


class UsageRecord(Base):
    """One metered quantity (a study, server minutes, contingency outages) in an account's billing period.
    Kept when the study is deleted (usage is not refunded); one record per study and metric."""

    __tablename__ = "usage_records"
    __table_args__ = (
        UniqueConstraint("study_id", "metric"),
        Index("ix_usage_account_period", "account_key", "period_start"),
    )
    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    account_key: Mapped[str] = mapped_column(String(40))
    period_start: Mapped[datetime] = mapped_column(DateTime)
    metric: Mapped[str] = mapped_column(String(32))
    quantity: Mapped[float] = mapped_column(Float)
    study_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
