"""Service configuration, read from environment variables (all optional locally).

| variable | default | meaning |
|---|---|---|
| GRIDSOLVE_DATA_DIR | ``<repo>/.gridsolve-data`` | SQLite file, blobs, generated JWT secret |
| DATABASE_URL | SQLite file in the data dir | SQLAlchemy URL; ``postgresql://`` selects PostgreSQL |
| GRIDSOLVE_JWT_SECRET | generated once into the data dir | HS256 signing key |
| GRIDSOLVE_BCRYPT_ROUNDS | 12 | bcrypt cost (tests use 4) |
| GRIDSOLVE_ACCESS_TTL_S / GRIDSOLVE_REFRESH_TTL_S | 86400 / 2592000 | token lifetimes |
| GRIDSOLVE_DEFAULT_PLAN | local (free with billing on) | plan given to new users and organizations |
| GRIDSOLVE_PLAN_LIMITS | built-in | JSON ``{plan: {limit: value}}`` merged into DEFAULT_PLAN_LIMITS, null = no limit |
| GRIDSOLVE_STRIPE_SECRET_KEY | | turns billing on; without it every account keeps its stored plan (local) |
| GRIDSOLVE_STRIPE_WEBHOOK_SECRET | | the webhook endpoint's signing secret (``whsec_...``) |
| GRIDSOLVE_STRIPE_API_BASE | Stripe's | API base URL (an emulator such as localstripe in tests) |
| GRIDSOLVE_STRIPE_PRICE_PROFESSIONAL / _UTILITY | | the Stripe Price ids of the paid plans |
| GRIDSOLVE_BILLING_GRACE_DAYS | 7 | after a failed payment the plan's limits hold this long, then the Free limits |
| GRIDSOLVE_RENDER_REPORTS | 1 | the worker renders a study's PDF report when it completes (0: only on request) |
| GRIDSOLVE_REPORT_FUNCTION | | AWS: the Lambda rendering reports (the solver image: it has Pango); unset: in process |
| GRIDSOLVE_MAX_UPLOAD_BYTES | 20000000 | larger request bodies answer 413 |
| GRIDSOLVE_MAX_JSON_DEPTH | 64 | request bodies nested deeper answer 400 (checked before parsing) |
| GRIDSOLVE_HTTP_THREADS / _HTTP_TIMEOUT_S | 8 / 30 | local server: worker threads; idle/slow clients cut after |
| GRIDSOLVE_BACKUP_INTERVAL_S / _BACKUP_KEEP | 3600 / 5 | local SQLite: online backups into <data dir>/backups |
| GRIDSOLVE_DB_ACCEPT_DAMAGE | 0 | 1: start on a database that failed its start-up check (what SQLite can read) |
| GRIDSOLVE_RATE_LIMIT_LOGIN / _REGISTER | 20/60, 5/60 | ``count/seconds`` token buckets per client address |
| GRIDSOLVE_RATE_LIMIT_LOGIN_ACCOUNT_CLIENT | 5/300 | sign-in attempts at one account from one client |
| GRIDSOLVE_RATE_LIMIT_LOGIN_ACCOUNT | 50/3600 | failed sign-ins at one account from everywhere (then locked) |
| GRIDSOLVE_MAILER / GRIDSOLVE_MAIL_FROM | outbox / GridSolve <no-reply@localhost> | ``outbox`` (files) or ``ses`` |
| GRIDSOLVE_RUNNER | inline | ``process`` (local process pool), ``inline`` (run in the request) or ``none`` |
| GRIDSOLVE_WORKERS | 2 | process pool size |
| GRIDSOLVE_MAX_ATTEMPTS | 2 | runs of a study interrupted by a server stop before it is failed |
| GRIDSOLVE_SEED_SAMPLES | 1 | create the public sample projects on first start |
| GRIDSOLVE_SEED_EQUIPMENT | = SEED_SAMPLES | keep the equipment library (rows, model files) in step with the engine's |
| GRIDSOLVE_OAUTH_<P>_CLIENT_ID, _CLIENT_SECRET | | enable OAuth provider P (GOOGLE, GITHUB) |
| GRIDSOLVE_OAUTH_<P>_AUTHORIZE_URL, _TOKEN_URL, _USERINFO_URL, _EMAILS_URL | provider's | endpoints |
| GRIDSOLVE_PUBLIC_URL | http://127.0.0.1:8000 | base for OAuth redirect URIs |
| GRIDSOLVE_DEBUG_ITERATION_DELAY_S | 0 | testing knob: sleep per solver iteration in study workers |
| GRIDSOLVE_BLOB_BUCKET / GRIDSOLVE_BLOB_PREFIX | (local folder) | keep blobs in this S3 bucket instead |
| GRIDSOLVE_JOBS_TABLE | (the SQL studies table) | keep study job state in this DynamoDB table (AWS) |
| GRIDSOLVE_BATCHES_TABLE | (the SQL study_batches table) | batch job state of batched studies in DynamoDB (AWS) |
| GRIDSOLVE_IDEMPOTENCY_TABLE | (a SQL table) | DynamoDB table of the idempotency records (AWS) |
| GRIDSOLVE_LIVE_TABLE, GRIDSOLVE_LIVE_ENDPOINT | | live progress on AWS: connections table, WebSocket management URL |
| GRIDSOLVE_LIVE_URL | (the local server's) | the wss:// URL browsers connect to for live progress |
| GRIDSOLVE_LIVE_PORT | GRIDSOLVE_PORT + 1 | the local server's live-progress WebSocket port |
| GRIDSOLVE_STUDY_STATE_MACHINE_ARN | | the Step Functions state machine the `stepfunctions` runner starts |
| GRIDSOLVE_LARGE_STUDY_BUSES | 5000 | studies above this bus count run on Fargate instead of Lambda |
| AWS_REGION, GRIDSOLVE_DYNAMODB_ENDPOINT | us-east-1, AWS | region; a DynamoDB endpoint for emulators (moto) |
| GRIDSOLVE_DB_SECRET_ARN | | Secrets Manager secret of the database (RDS JSON: host, port, username, password) |
| GRIDSOLVE_JWT_SECRET_ARN | | Secrets Manager secret holding the JWT signing key |
| GRIDSOLVE_STRIPE_SECRET_ARN | | Secrets Manager ``{"secret_key", "webhook_secret"}`` (empty values: billing off) |
| GRIDSOLVE_PUBLIC_URL_PARAMETER | | SSM parameter holding GRIDSOLVE_PUBLIC_URL (AWS: the CloudFront URL) |

On Lambda (``AWS_LAMBDA_FUNCTION_NAME`` set) the data dir defaults to /tmp/gridsolve and GRIDSOLVE_JWT_SECRET
is required (every instance must sign with the same key).
"""

from __future__ import annotations

import functools
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import boto3

REPO_ROOT = Path(__file__).resolve().parent.parent

#: Plan limits: per network (`max_buses`), per running study (`max_concurrent_studies` of one account at once,
#: applied by the scheduler, and `max_study_seconds`, stored with the study) and per billing period (the rest; a
#: calendar month without a subscription). None is unlimited. GRIDSOLVE_PLAN_LIMITS overrides single values.
LIMIT_KEYS = ("max_buses", "max_concurrent_studies", "max_study_seconds", "max_studies_per_month",
              "max_server_minutes_per_month", "max_contingency_outages_per_month")
_UNLIMITED: dict[str, int | None] = dict.fromkeys(LIMIT_KEYS)
DEFAULT_PLAN_LIMITS: dict[str, dict[str, int | None]] = {
    "free": {**_UNLIMITED, "max_buses": 25, "max_studies_per_month": 10, "max_concurrent_studies": 1,
             "max_study_seconds": 60},
    "professional": {**_UNLIMITED, "max_buses": 5000, "max_studies_per_month": 500, "max_concurrent_studies": 2,
                     "max_study_seconds": 900},
    "utility": {**_UNLIMITED, "max_concurrent_studies": 4, "max_study_seconds": 3600},
    "local": {**_UNLIMITED, "max_study_seconds": 3600},
}

OAUTH_DEFAULTS = {
    "google": {
        "authorize_url": "https://accounts.google.com/o/oauth2/v2/auth",
        "token_url": "https://oauth2.googleapis.com/token",
        "userinfo_url": "https://openidconnect.googleapis.com/v1/userinfo",
        "emails_url": "",
        "scope": "openid email profile",
    },
    "github": {
        "authorize_url": "https://github.com/login/oauth/authorize",
        "token_url": "https://github.com/login/oauth/access_token",
        "userinfo_url": "https://api.github.com/user",
        "emails_url": "https://api.github.com/user/emails",
        "scope": "read:user user:email",
    },
}


PAID_PLANS = ("professional", "utility")


def _plan_limits(overrides: str | None) -> dict[str, dict[str, int | None]]:
    """The default limits with GRIDSOLVE_PLAN_LIMITS's values merged in per plan and limit (an override of one
    limit keeps the plan's others); unknown limit names are refused so that a typo does not pass silently."""
    limits = {plan: dict(values) for plan, values in DEFAULT_PLAN_LIMITS.items()}
    for plan, values in (json.loads(overrides) if overrides else {}).items():
        unknown = set(values) - set(LIMIT_KEYS)
        if unknown:
            raise ValueError(f"GRIDSOLVE_PLAN_LIMITS: unknown limit(s) {sorted(unknown)} for plan {plan!r}; "
                             f"known: {', '.join(LIMIT_KEYS)}")
        limits[plan] = {**limits.get(plan, _UNLIMITED), **values}
    return limits


def _flag(value: str) -> bool:
    return value not in ("0", "false", "no")


def _rate(value: str) -> tuple[int, int]:
    count, _, seconds = value.partition("/")
    return int(count), int(seconds or 60)


@dataclass
class OAuthProvider:
    name: str
    client_id: str
    client_secret: str
    authorize_url: str
    token_url: str
    userinfo_url: str
    emails_url: str
    scope: str


@dataclass
class Settings:
    data_dir: Path
    database_url: str
    jwt_secret: str
    bcrypt_rounds: int = 12
    access_ttl_s: int = 24 * 3600
    refresh_ttl_s: int = 30 * 24 * 3600
    default_plan: str = "local"
    plan_limits: dict[str, dict[str, int | None]] = field(default_factory=lambda: dict(DEFAULT_PLAN_LIMITS))
    max_upload_bytes: int = 20_000_000
    max_json_depth: int = 64
    http_threads: int = 8
    http_timeout_s: int = 30
    backup_interval_s: float = 3600.0
    backup_keep: int = 5
    rate_login: tuple[int, int] = (20, 60)
    rate_register: tuple[int, int] = (5, 60)
    rate_login_account_client: tuple[int, int] = (5, 300)
    rate_login_account: tuple[int, int] = (50, 3600)
    rate_password_reset: tuple[int, int] = (5, 3600)
    mailer: str = "outbox"
    mail_from: str = "GridSolve <no-reply@localhost>"
    runner: str = "inline"
    workers: int = 2
    max_attempts: int = 2
    seed_samples: bool = True
    seed_equipment: bool = True
    public_url: str = "http://127.0.0.1:8000"
    oauth: dict[str, OAuthProvider] = field(default_factory=dict)
    debug_iteration_delay_s: float = 0.0
    blob_bucket: str | None = None
    blob_prefix: str = ""
    jobs_table: str | None = None
    batches_table: str | None = None
    idempotency_table: str | None = None
    live_table: str | None = None
    live_endpoint: str | None = None
    live_url: str | None = None
    study_state_machine_arn: str | None = None
    large_study_buses: int = 5000
    aws_region: str = "us-east-1"
    dynamodb_endpoint: str | None = None
    stripe_secret_key: str | None = None
    stripe_webhook_secret: str | None = None
    stripe_api_base: str | None = None
    stripe_prices: dict[str, str] = field(default_factory=dict)
    billing_grace_days: float = 7.0
    render_reports: bool = True
    report_function: str | None = None

    @property
    def billing_enabled(self) -> bool:
        """Billing is on only where a Stripe key is configured; otherwise every account keeps its stored plan."""
        return bool(self.stripe_secret_key)

    @property
    def blob_dir(self) -> Path:
        return self.data_dir / "blobs"

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def to_env(self) -> dict[str, str]:
        """Environment that recreates these settings in a worker process."""
        return {
            "GRIDSOLVE_DATA_DIR": str(self.data_dir),
            "DATABASE_URL": self.database_url,
            "GRIDSOLVE_JWT_SECRET": self.jwt_secret,
            "GRIDSOLVE_DEBUG_ITERATION_DELAY_S": str(self.debug_iteration_delay_s),
            "GRIDSOLVE_BLOB_BUCKET": self.blob_bucket or "",
            "GRIDSOLVE_BLOB_PREFIX": self.blob_prefix,
            "GRIDSOLVE_JOBS_TABLE": self.jobs_table or "",
            "GRIDSOLVE_BATCHES_TABLE": self.batches_table or "",
            "GRIDSOLVE_IDEMPOTENCY_TABLE": self.idempotency_table or "",
            "GRIDSOLVE_LIVE_TABLE": self.live_table or "",
            "GRIDSOLVE_LIVE_ENDPOINT": self.live_endpoint or "",
            "GRIDSOLVE_STUDY_STATE_MACHINE_ARN": self.study_state_machine_arn or "",
            "GRIDSOLVE_LARGE_STUDY_BUSES": str(self.large_study_buses),
            "AWS_REGION": self.aws_region,
            "GRIDSOLVE_DYNAMODB_ENDPOINT": self.dynamodb_endpoint or "",
            "GRIDSOLVE_RENDER_REPORTS": "1" if self.render_reports else "0",
            "GRIDSOLVE_REPORT_FUNCTION": self.report_function or "",
        }


def normalize_db_url(url: str) -> str:
    """Accept the usual ``postgres://`` / ``postgresql://`` spellings and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _secret(data_dir: Path) -> str:
    path = data_dir / "jwt_secret"
    if path.exists():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(48)
    tmp = data_dir / f".jwt_secret.{os.getpid()}"
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(value)
    try:
        os.link(tmp, path)  # atomic: the first process to start wins, the others read its secret
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)
    return path.read_text().strip()


@functools.cache
def _aws_secret(arn: str, region: str | None) -> str:
    """A Secrets Manager secret's string (once per process: Lambda and Fargate read it at start)."""
    return boto3.client("secretsmanager", region_name=region).get_secret_value(SecretId=arn)["SecretString"]


def _from_secrets(env: dict[str, str]) -> dict[str, str]:
    """DATABASE_URL, GRIDSOLVE_JWT_SECRET and the Stripe keys from Secrets Manager where ARNs are given (AWS)."""
    region = env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
    out = {}
    if env.get("GRIDSOLVE_DB_SECRET_ARN") and not env.get("DATABASE_URL"):
        db = json.loads(_aws_secret(env["GRIDSOLVE_DB_SECRET_ARN"], region))
        out["DATABASE_URL"] = (f"postgresql+psycopg://{quote(db['username'], safe='')}:{quote(db['password'], safe='')}"
                               f"@{db['host']}:{db.get('port', 5432)}/{db.get('dbname', 'gridsolve')}?sslmode=require")
    if env.get("GRIDSOLVE_JWT_SECRET_ARN") and not env.get("GRIDSOLVE_JWT_SECRET"):
        out["GRIDSOLVE_JWT_SECRET"] = _aws_secret(env["GRIDSOLVE_JWT_SECRET_ARN"], region)
    if env.get("GRIDSOLVE_STRIPE_SECRET_ARN") and not env.get("GRIDSOLVE_STRIPE_SECRET_KEY"):
        stripe_keys = json.loads(_aws_secret(env["GRIDSOLVE_STRIPE_SECRET_ARN"], region))
        for field_name, var in (("secret_key", "GRIDSOLVE_STRIPE_SECRET_KEY"),
                                ("webhook_secret", "GRIDSOLVE_STRIPE_WEBHOOK_SECRET")):
            if stripe_keys.get(field_name):
                out[var] = str(stripe_keys[field_name])
    if env.get("GRIDSOLVE_PUBLIC_URL_PARAMETER") and not env.get("GRIDSOLVE_PUBLIC_URL"):
        out["GRIDSOLVE_PUBLIC_URL"] = _aws_parameter(env["GRIDSOLVE_PUBLIC_URL_PARAMETER"], region)
    return out


@functools.cache
def _aws_parameter(name: str, region: str | None) -> str:
    """An SSM parameter's value (once per process)."""
    return boto3.client("ssm", region_name=region).get_parameter(Name=name)["Parameter"]["Value"]


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    env.update(_from_secrets(env))
    on_lambda = bool(env.get("AWS_LAMBDA_FUNCTION_NAME"))
    default_dir = Path("/tmp/gridsolve") if on_lambda else REPO_ROOT / ".gridsolve-data"  # noqa: S108
    data_dir = Path(env.get("GRIDSOLVE_DATA_DIR") or default_dir).resolve()
    if on_lambda and not env.get("GRIDSOLVE_JWT_SECRET"):
        raise RuntimeError("GRIDSOLVE_JWT_SECRET must be set on Lambda (all instances sign with one key)")
    data_dir.mkdir(parents=True, exist_ok=True)
    db_url = env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'gridsolve.sqlite3'}"
    limits = _plan_limits(env.get("GRIDSOLVE_PLAN_LIMITS"))
    stripe_key = env.get("GRIDSOLVE_STRIPE_SECRET_KEY") or None
    oauth: dict[str, OAuthProvider] = {}
    for name, defaults in OAUTH_DEFAULTS.items():
        prefix = f"GRIDSOLVE_OAUTH_{name.upper()}_"
        client_id = env.get(prefix + "CLIENT_ID")
        if not client_id:
            continue
        oauth[name] = OAuthProvider(
            name=name,
            client_id=client_id,
            client_secret=env.get(prefix + "CLIENT_SECRET", ""),
            **{k: env.get(prefix + k.upper(), v) for k, v in defaults.items()},
        )
    return Settings(
        data_dir=data_dir,
        database_url=normalize_db_url(db_url),
        jwt_secret=env.get("GRIDSOLVE_JWT_SECRET") or _secret(data_dir),
        bcrypt_rounds=int(env.get("GRIDSOLVE_BCRYPT_ROUNDS", 12)),
        access_ttl_s=int(env.get("GRIDSOLVE_ACCESS_TTL_S", 24 * 3600)),
        refresh_ttl_s=int(env.get("GRIDSOLVE_REFRESH_TTL_S", 30 * 24 * 3600)),
        default_plan=env.get("GRIDSOLVE_DEFAULT_PLAN") or ("free" if stripe_key else "local"),
        plan_limits=limits,
        max_upload_bytes=int(env.get("GRIDSOLVE_MAX_UPLOAD_BYTES", 20_000_000)),
        max_json_depth=int(env.get("GRIDSOLVE_MAX_JSON_DEPTH", 64)),
        http_threads=int(env.get("GRIDSOLVE_HTTP_THREADS", 8)),
        http_timeout_s=int(env.get("GRIDSOLVE_HTTP_TIMEOUT_S", 30)),
        backup_interval_s=float(env.get("GRIDSOLVE_BACKUP_INTERVAL_S", 3600)),
        backup_keep=int(env.get("GRIDSOLVE_BACKUP_KEEP", 5)),
        rate_login=_rate(env.get("GRIDSOLVE_RATE_LIMIT_LOGIN", "20/60")),
        rate_register=_rate(env.get("GRIDSOLVE_RATE_LIMIT_REGISTER", "5/60")),
        rate_login_account_client=_rate(env.get("GRIDSOLVE_RATE_LIMIT_LOGIN_ACCOUNT_CLIENT", "5/300")),
        rate_login_account=_rate(env.get("GRIDSOLVE_RATE_LIMIT_LOGIN_ACCOUNT", "50/3600")),
        rate_password_reset=_rate(env.get("GRIDSOLVE_RATE_LIMIT_PASSWORD_RESET", "5/3600")),
        mailer=env.get("GRIDSOLVE_MAILER", "outbox"),
        mail_from=env.get("GRIDSOLVE_MAIL_FROM", "GridSolve <no-reply@localhost>"),
        runner=env.get("GRIDSOLVE_RUNNER", "inline"),
        workers=int(env.get("GRIDSOLVE_WORKERS", 2)),
        max_attempts=int(env.get("GRIDSOLVE_MAX_ATTEMPTS", 2)),
        seed_samples=_flag(env.get("GRIDSOLVE_SEED_SAMPLES", "1")),
        seed_equipment=_flag(env.get("GRIDSOLVE_SEED_EQUIPMENT", env.get("GRIDSOLVE_SEED_SAMPLES", "1"))),
        public_url=env.get("GRIDSOLVE_PUBLIC_URL", "http://127.0.0.1:8000").rstrip("/"),
        oauth=oauth,
        debug_iteration_delay_s=float(env.get("GRIDSOLVE_DEBUG_ITERATION_DELAY_S", 0) or 0),
        blob_bucket=env.get("GRIDSOLVE_BLOB_BUCKET") or None,
        blob_prefix=env.get("GRIDSOLVE_BLOB_PREFIX", ""),
        jobs_table=env.get("GRIDSOLVE_JOBS_TABLE") or None,
        batches_table=env.get("GRIDSOLVE_BATCHES_TABLE") or None,
        idempotency_table=env.get("GRIDSOLVE_IDEMPOTENCY_TABLE") or None,
        live_table=env.get("GRIDSOLVE_LIVE_TABLE") or None,
        live_endpoint=env.get("GRIDSOLVE_LIVE_ENDPOINT") or None,
        live_url=env.get("GRIDSOLVE_LIVE_URL") or None,
        study_state_machine_arn=env.get("GRIDSOLVE_STUDY_STATE_MACHINE_ARN") or None,
        large_study_buses=int(env.get("GRIDSOLVE_LARGE_STUDY_BUSES", 5000)),
        aws_region=env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION") or "us-east-1",
        dynamodb_endpoint=env.get("GRIDSOLVE_DYNAMODB_ENDPOINT") or None,
        stripe_secret_key=stripe_key,
        stripe_webhook_secret=env.get("GRIDSOLVE_STRIPE_WEBHOOK_SECRET") or None,
        stripe_api_base=(env.get("GRIDSOLVE_STRIPE_API_BASE") or "").rstrip("/") or None,
        stripe_prices={plan: env[f"GRIDSOLVE_STRIPE_PRICE_{plan.upper()}"] for plan in PAID_PLANS
                       if env.get(f"GRIDSOLVE_STRIPE_PRICE_{plan.upper()}")},
        billing_grace_days=float(env.get("GRIDSOLVE_BILLING_GRACE_DAYS", 7)),
        render_reports=env.get("GRIDSOLVE_RENDER_REPORTS", "1") not in ("0", "false", "no"),
        report_function=env.get("GRIDSOLVE_REPORT_FUNCTION") or None,
    )
