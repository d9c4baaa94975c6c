"""GridSolve API: thin Chalice routes. Parsing, authorization and business logic live in chalicelib/."""

from __future__ import annotations

import urllib.parse

import boto3
from chalice import Response
from sqlalchemy import text

from chalicelib import engine
from chalicelib.accounts import auth, oauth, orgs, passwords, throttle
from chalicelib.billing import gateway as stripe_gateway
from chalicelib.billing import plans as billing_plans
from chalicelib.billing import service as billing
from chalicelib.billing import webhooks as billing_webhooks
from chalicelib.equipment import schemas as equipment_schemas
from chalicelib.equipment import service as equipment
from chalicelib.http import schemas
from chalicelib.http.api import (
    ROUTES,
    Ctx,
    ThreadSafeChalice,
    install_middleware,
    json_response,
    openapi_spec,
    route,
)
from chalicelib.http.errors import ApiError, NotFound
from chalicelib.platform import get_platform, live_table
from chalicelib.projects import service as projects
from chalicelib.projects.access import load_project
from chalicelib.studies import live_aws
from chalicelib.studies import service as studies

app = ThreadSafeChalice(app_name="gridsolve")
app.api.binary_types = ["application/octet-stream", "application/pdf", "application/zip"]
app.experimental_feature_flags.update(["WEBSOCKETS"])
app.websocket_api.session = boto3.session.Session()
install_middleware(app)

S = {"type": "string"}
OBJ = {"type": "object"}
CREDENTIALS = {
    "type": "object",
    "required": ["email", "password"],
    "properties": {"email": S, "password": S, "name": S},
}
PROJECT_BODY = {
    "type": "object",
    "required": ["name"],
    "properties": {"name": S, "description": S, "org_id": S, "network": schemas.ref("Network"),
                   "diagram": schemas.ref("Diagram")},
}
STUDY_BODY = schemas.study_request_schema()
IF_MATCH = {"If-Match": "the project's ETag (or send 'version' in the body)"}


# --------------------------------------------------------------------------- service


@route(app, "/api/health", "GET", "Liveness and configuration summary", auth_required=False, tag="service")
def health(ctx: Ctx):
    ctx.session.execute(text("SELECT 1"))
    return {
        "status": "ok",
        "database": "sqlite" if ctx.settings.is_sqlite else "postgresql",
        "runner": ctx.platform.runner.name,
        "engine": True,
        "study_types": sorted(engine.study_types()),
        "live_progress_url": ctx.platform.live_url,
        "oauth_providers": sorted(ctx.settings.oauth),
    }


@route(app, "/api/openapi.json", "GET", "This API description (OpenAPI 3)", auth_required=False, tag="service")
def openapi(ctx: Ctx):
    return openapi_spec()


# --------------------------------------------------------------------------- auth


@route(
    app,
    "/api/auth/register",
    "POST",
    "Create an account",
    auth_required=False,
    body=CREDENTIALS,
    tag="auth",
    responses={201: ("The user and tokens", "Session"), 409: "Email already registered", 429: "Rate limited"},
)
def register(ctx: Ctx):
    """The new account's address is unverified until its owner follows the link mailed to it."""
    return 201, auth.register(ctx.session, ctx.settings, ctx.platform.mailer, ctx.body, ctx.client)


@route(
    app,
    "/api/auth/login",
    "POST",
    "Sign in with email and password",
    auth_required=False,
    body=CREDENTIALS,
    tag="auth",
    responses={
        200: ("The user and tokens", "Session"),
        401: "Invalid credentials",
        429: "Rate limited (this client), or password sign-in to the account is locked (code account_locked)",
    },
)
def login(ctx: Ctx):
    return auth.login(ctx.session, ctx.settings, ctx.platform.mailer, ctx.body, ctx.client)


@route(
    app,
    "/api/auth/password-policy",
    "GET",
    "The password rules (the browser applies the same ones)",
    auth_required=False,
    tag="auth",
    responses={200: ("The rules", "PasswordPolicy")},
)
def password_policy(ctx: Ctx):
    return passwords.policy()


@route(
    app,
    "/api/auth/password-check",
    "POST",
    "Check a password against the rules without creating anything",
    auth_required=False,
    tag="auth",
    body={"type": "object", "required": ["password"], "properties": {"password": S, "email": S, "name": S}},
    responses={200: ("The verdict", "PasswordVerdict"), 429: "Rate limited"},
)
def password_check(ctx: Ctx):
    throttle.require(ctx.session, f"password-check:{ctx.client}", (60, 60), "Too many password checks")
    b = ctx.body
    return passwords.assess(b.get("password"), str(b.get("email") or ""), str(b.get("name") or ""))


TOKEN_BODY = {"type": "object", "required": ["token"], "properties": {"token": S}}


def _browser(ctx: Ctx) -> bool:
    return "text/html" in (ctx.header("Accept") or "")


@route(
    app,
    "/api/auth/verify-email",
    "GET",
    "The link mailed to a new address: proves it (browsers are redirected to the web app)",
    auth_required=False,
    tag="auth",
    query={"token": S},
    responses={200: ("The user", "User"), 302: "Browsers: redirect to /#/email-verified", 401: "Invalid link"},
)
def verify_email_link(ctx: Ctx):
    if not _browser(ctx):
        return auth.verify_email(ctx.session, ctx.query)
    try:
        auth.verify_email(ctx.session, ctx.query)
        location = "/#/email-verified"
    except ApiError as err:
        location = "/#/email-verified?" + urllib.parse.urlencode({"error": err.code, "message": err.message})
    return Response(body="", status_code=302, headers={"Location": location})


@route(
    app,
    "/api/auth/verify-email",
    "POST",
    "Prove an address with the token from the mailed link",
    auth_required=False,
    tag="auth",
    body=TOKEN_BODY,
    responses={200: ("The user", "User"), 401: "Unknown, used or expired token"},
)
def verify_email(ctx: Ctx):
    return auth.verify_email(ctx.session, ctx.body)


@route(
    app,
    "/api/auth/verify-email/resend",
    "POST",
    "Mail the verification link again",
    tag="auth",
    responses={200: "Sent (or already verified)", 429: "Rate limited"},
)
def verify_email_resend(ctx: Ctx):
    return auth.resend_verification(ctx.session, ctx.settings, ctx.platform.mailer, ctx.user)


@route(
    app,
    "/api/auth/unlock",
    "GET",
    "The link mailed when password sign-in was locked: lifts the lock and signs in",
    auth_required=False,
    tag="auth",
    query={"token": S},
    responses={200: ("The user and tokens", "Session"), 302: "Browsers: redirect to /#/oauth?code=...",
               401: "Invalid link"},
)
def unlock_link(ctx: Ctx):
    if not _browser(ctx):
        return auth.unlock(ctx.session, ctx.settings, ctx.query)
    try:
        user = auth.unlock_user(ctx.session, ctx.query)
        location = "/#/oauth?" + urllib.parse.urlencode({"code": oauth.login_code(ctx.session, user)})
    except ApiError as err:
        location = "/#/oauth?" + urllib.parse.urlencode({"error": err.code, "message": err.message})
    return Response(body="", status_code=302, headers={"Location": location})


@route(
    app,
    "/api/auth/unlock",
    "POST",
    "Lift a sign-in lock with the token from the mailed link (signs in)",
    auth_required=False,
    tag="auth",
    body=TOKEN_BODY,
    responses={200: ("The user and tokens", "Session"), 401: "Unknown, used or expired token"},
)
def unlock(ctx: Ctx):
    return auth.unlock(ctx.session, ctx.settings, ctx.body)


@route(
    app,
    "/api/auth/unlock/request",
    "POST",
    "Mail the unlock link again (sent only if the account is locked and its address verified)",
    auth_required=False,
    tag="auth",
    body={"type": "object", "required": ["email"], "properties": {"email": S}},
    responses={200: "Accepted (the answer never tells whether a mail was sent)", 429: "Rate limited"},
)
def unlock_request(ctx: Ctx):
    throttle.require(ctx.session, f"unlock-request:{ctx.client}", (5, 3600), "Too many requests")
    return auth.request_unlock(ctx.session, ctx.settings, ctx.platform.mailer, ctx.body)


@route(
    app,
    "/api/auth/password-reset/request",
    "POST",
    "Mail a password-reset link to an address (if it has an account)",
    auth_required=False,
    tag="auth",
    body={"type": "object", "required": ["email"], "properties": {"email": S}},
    responses={202: "Accepted (the answer never tells whether the address has an account)", 429: "Rate limited"},
)
def password_reset_request(ctx: Ctx):
    return 202, auth.request_password_reset(ctx.session, ctx.settings, ctx.platform.mailer, ctx.body, ctx.client)


@route(
    app,
    "/api/auth/password-reset",
    "POST",
    "Set a new password with the token from the mailed link (single use; signs out every session, signs in)",
    auth_required=False,
    tag="auth",
    body={"type": "object", "required": ["token", "password"], "properties": {"token": S, "password": S}},
    responses={200: ("The user and tokens", "Session"), 400: "The password breaks the rules (code weak_password)",
               401: "Unknown, used or expired token"},
)
def password_reset(ctx: Ctx):
    return auth.reset_password(ctx.session, ctx.settings, ctx.body)


@route(
    app,
    "/api/auth/refresh",
    "POST",
    "Exchange a refresh token for new tokens (rotation)",
    auth_required=False,
    tag="auth",
    body={"type": "object", "required": ["refresh_token"], "properties": {"refresh_token": S}},
    responses={200: ("New tokens; the old refresh token is spent", "Tokens"), 401: "Invalid, expired or reused token"},
)
def refresh(ctx: Ctx):
    return auth.refresh(ctx.session, ctx.settings, ctx.body)


@route(app, "/api/auth/logout", "POST", "End this session (all its tokens)", tag="auth", responses={204: "Done"})
def logout(ctx: Ctx):
    assert ctx.auth_session_id is not None  # the route requires authentication
    auth.logout(ctx.session, ctx.auth_session_id)
    return Response(body="", status_code=204)


@route(
    app,
    "/api/auth/me",
    "GET",
    "The signed-in user, organizations and pending invitations",
    tag="auth",
    responses={200: ("The user, organizations and invitations", "Me")},
)
def me(ctx: Ctx):
    return {
        **auth.user_dict(ctx.user),
        "organizations": orgs.list_mine(ctx.session, ctx.user),
        "invitations": orgs.my_invitations(ctx.session, ctx.user),
    }


@route(
    app,
    "/api/auth/oauth/{provider}/start",
    "GET",
    "Begin OAuth sign-in (redirects to the provider)",
    auth_required=False,
    tag="auth",
    query={"mode": {"type": "string", "enum": ["redirect", "json"]}},
    responses={302: "Redirect to the provider", 404: "Provider not configured"},
)
def oauth_start(ctx: Ctx, provider: str):
    url = oauth.start(ctx.session, ctx.settings, provider)
    if ctx.query.get("mode") == "json":
        return {"authorization_url": url}
    return Response(body="", status_code=302, headers={"Location": url})


@route(
    app,
    "/api/auth/oauth/{provider}/callback",
    "GET",
    "OAuth redirect target: tokens (API clients) or a redirect to the web app with a one-time code",
    auth_required=False,
    tag="auth",
    query={"code": S, "state": S, "error": S},
    responses={
        200: ("The user and tokens", "Session"),
        302: "Browsers (Accept: text/html): redirect to /#/oauth?code=... (or ?error=...&link_token=...)",
        401: "Invalid state or provider refusal",
        409: "An account with this address has a password: link_required, with a link_token (POST .../link)",
    },
)
def oauth_callback(ctx: Ctx, provider: str):
    """A browser (Accept: text/html) is sent back to the web app with a one-time code that it exchanges at
    POST /api/auth/oauth/exchange, so tokens never appear in a URL."""
    if "text/html" in (ctx.header("Accept") or ""):
        oauth.provider(ctx.settings, provider)
        location = oauth.browser_redirect(ctx.session, ctx.settings, provider, ctx.query)
        return Response(body="", status_code=302, headers={"Location": location})
    return oauth.callback(ctx.session, ctx.settings, provider, ctx.query)


@route(
    app,
    "/api/auth/oauth/exchange",
    "POST",
    "Exchange the one-time code from the OAuth redirect for tokens",
    auth_required=False,
    tag="auth",
    body={"type": "object", "required": ["code"], "properties": {"code": S}},
    responses={200: ("The user and tokens", "Session"), 401: "Unknown, used or expired code"},
)
def oauth_exchange(ctx: Ctx):
    return oauth.exchange(ctx.session, ctx.settings, ctx.body)


@route(
    app,
    "/api/auth/oauth/link",
    "POST",
    "Link a provider sign-in to an existing password account (after a 409 link_required): give its password",
    auth_required=False,
    tag="auth",
    body={"type": "object", "required": ["link_token", "password"],
          "properties": {"link_token": S, "password": S}},
    responses={200: ("The user and tokens", "Session"), 401: "Wrong password or unknown link request",
               429: "Rate limited"},
)
def oauth_link(ctx: Ctx):
    return oauth.link(ctx.session, ctx.settings, ctx.platform.mailer, ctx.body, ctx.client)


# --------------------------------------------------------------------------- organizations


@route(
    app,
    "/api/orgs",
    "POST",
    "Create an organization (you become its owner)",
    body={"type": "object", "required": ["name"], "properties": {"name": S}},
    tag="orgs",
    responses={201: ("Created", "Organization")},
)
def org_create(ctx: Ctx):
    return 201, orgs.create(ctx.session, ctx.settings, ctx.user, ctx.body)


@route(
    app,
    "/api/orgs",
    "GET",
    "Organizations you belong to",
    tag="orgs",
    responses={200: ("Organizations", "OrganizationList")},
)
def org_list(ctx: Ctx):
    return {"organizations": orgs.list_mine(ctx.session, ctx.user)}


@route(
    app,
    "/api/orgs/{org_id}",
    "GET",
    "One organization",
    tag="orgs",
    responses={200: ("The organization", "Organization"), 404: "Not found"},
)
def org_get(ctx: Ctx, org_id: str):
    org, m = orgs.load_org(ctx.session, org_id, ctx.user)
    return orgs.org_dict(org, m.role)


@route(
    app,
    "/api/orgs/{org_id}",
    "PATCH",
    "Rename an organization (admin)",
    body={"type": "object", "properties": {"name": S}},
    tag="orgs",
    responses={200: ("Renamed", "Organization")},
)
def org_patch(ctx: Ctx, org_id: str):
    org, _ = orgs.load_org(ctx.session, org_id, ctx.user, "admin")
    return orgs.rename(ctx.session, org, ctx.body)


@route(
    app,
    "/api/orgs/{org_id}",
    "DELETE",
    "Delete an organization and its projects (owner)",
    tag="orgs",
    responses={204: "Deleted"},
)
def org_delete(ctx: Ctx, org_id: str):
    org, _ = orgs.load_org(ctx.session, org_id, ctx.user, "owner")
    orgs.delete_org(ctx.session, ctx.platform.blobs, ctx.user, org)
    return Response(body="", status_code=204)


@route(
    app,
    "/api/orgs/{org_id}/members",
    "GET",
    "Members and their roles",
    tag="orgs",
    responses={200: ("Members", "MemberList")},
)
def org_members(ctx: Ctx, org_id: str):
    orgs.load_org(ctx.session, org_id, ctx.user)
    return {"members": orgs.members(ctx.session, org_id)}


@route(
    app,
    "/api/orgs/{org_id}/members/{user_id}",
    "PATCH",
    "Change a member's role (admin; owner for owners)",
    body={
        "type": "object",
        "required": ["role"],
        "properties": {"role": {"type": "string", "enum": ["owner", "admin", "member"]}},
    },
    tag="orgs",
)
def org_member_role(ctx: Ctx, org_id: str, user_id: str):
    org, m = orgs.load_org(ctx.session, org_id, ctx.user, "admin")
    return orgs.change_role(ctx.session, org, m, user_id, ctx.body)


@route(
    app,
    "/api/orgs/{org_id}/members/{user_id}",
    "DELETE",
    "Remove a member (or leave)",
    tag="orgs",
    responses={204: "Removed"},
)
def org_member_remove(ctx: Ctx, org_id: str, user_id: str):
    org, m = orgs.load_org(ctx.session, org_id, ctx.user)
    orgs.remove_member(ctx.session, org, m, user_id)
    ctx.after_commit.append(lambda: billing.seats_changed(ctx.platform, org_id))
    return Response(body="", status_code=204)


@route(
    app,
    "/api/orgs/{org_id}/invitations",
    "POST",
    "Invite someone by email (admin)",
    tag="orgs",
    body={
        "type": "object",
        "required": ["email"],
        "properties": {"email": S, "role": {"type": "string", "enum": ["owner", "admin", "member"]}},
    },
    responses={201: ("Invitation created", "Invitation")},
)
def org_invite(ctx: Ctx, org_id: str):
    org, m = orgs.load_org(ctx.session, org_id, ctx.user, "admin")
    return 201, orgs.invite(ctx.session, org, m, ctx.user, ctx.body)


@route(
    app,
    "/api/orgs/{org_id}/invitations",
    "GET",
    "Pending invitations (admin)",
    tag="orgs",
    responses={200: ("Pending invitations", "InvitationList")},
)
def org_invitations(ctx: Ctx, org_id: str):
    orgs.load_org(ctx.session, org_id, ctx.user, "admin")
    return {"invitations": orgs.org_invitations(ctx.session, org_id)}


@route(
    app,
    "/api/orgs/{org_id}/invitations/{invitation_id}",
    "DELETE",
    "Revoke an invitation (admin)",
    tag="orgs",
    responses={204: "Revoked"},
)
def org_invitation_revoke(ctx: Ctx, org_id: str, invitation_id: str):
    orgs.load_org(ctx.session, org_id, ctx.user, "admin")
    orgs.revoke_invitation(ctx.session, org_id, invitation_id)
    return Response(body="", status_code=204)


@route(
    app,
    "/api/invitations",
    "GET",
    "Invitations addressed to you",
    tag="orgs",
    responses={200: ("Invitations", "InvitationList")},
)
def my_invitations(ctx: Ctx):
    return {"invitations": orgs.my_invitations(ctx.session, ctx.user)}


@route(
    app,
    "/api/invitations/{invitation_id}/accept",
    "POST",
    "Accept an invitation",
    tag="orgs",
    responses={200: ("Joined", "Organization")},
)
def invitation_accept(ctx: Ctx, invitation_id: str):
    joined = orgs.respond(ctx.session, ctx.user, invitation_id, True)
    ctx.after_commit.append(lambda: billing.seats_changed(ctx.platform, joined["id"]))
    return joined


@route(
    app,
    "/api/invitations/{invitation_id}/decline",
    "POST",
    "Decline an invitation",
    tag="orgs",
    responses={200: ("Declined", "Organization")},
)
def invitation_decline(ctx: Ctx, invitation_id: str):
    return orgs.respond(ctx.session, ctx.user, invitation_id, False)


# --------------------------------------------------------------------------- billing

ORG_ID = {"org_id": {"type": "string", "description": "the organization's account (omit: your personal account)"}}
ORG_BODY = {"type": "object", "properties": ORG_ID}


@route(
    app,
    "/api/billing/plans",
    "GET",
    "Plans, prices and limits",
    auth_required=False,
    tag="billing",
    responses={200: ("The plans", "PlanList")},
)
def billing_plan_list(ctx: Ctx):
    return {"plans": billing_plans.catalog(ctx.settings), "billing_enabled": ctx.settings.billing_enabled}


@route(
    app,
    "/api/billing/checkout",
    "POST",
    "Start a subscription: a Stripe Checkout page (organizations: admins)",
    tag="billing",
    body={"type": "object", "required": ["plan"],
          "properties": {"plan": {"type": "string", "enum": ["professional", "utility"]}, **ORG_ID}},
    responses={200: ("The Checkout page", "RedirectUrl"), 409: "Already subscribed (use the portal)",
               404: "Billing (or the plan's price) is not configured on this server"},
)
def billing_checkout(ctx: Ctx):
    return billing.checkout(ctx.session, ctx.settings, ctx.platform.billing, ctx.user, ctx.body)


@route(
    app,
    "/api/billing/portal",
    "POST",
    "Manage the subscription (plan, seats, payment method, cancel): a Stripe Customer Portal page",
    tag="billing",
    body=ORG_BODY,
    responses={200: ("The portal page", "RedirectUrl"), 409: "No subscription yet",
               404: "Billing is not configured on this server"},
)
def billing_portal(ctx: Ctx):
    return billing.portal(ctx.session, ctx.settings, ctx.platform.billing, ctx.user, ctx.body)


@route(
    app,
    "/api/billing/usage",
    "GET",
    "This billing period's usage against the plan's limits",
    tag="billing",
    query={"org_id": S},
    responses={200: ("Plan, period, usage and subscription", "Usage")},
)
def billing_usage(ctx: Ctx):
    return billing.usage_summary(ctx.session, ctx.settings, ctx.user, ctx.query)


@route(
    app,
    "/api/billing/webhook",
    "POST",
    "Stripe webhook endpoint (signed with the endpoint secret)",
    auth_required=False,
    tag="billing",
    headers={"Stripe-Signature": "Stripe's signature of the body (t=...,v1=...)"},
    responses={200: "Received (also for duplicates)", 400: "Missing or invalid signature",
               404: "Billing is not enabled"},
)
def billing_webhook(ctx: Ctx):
    if ctx.platform.billing is None or not ctx.settings.stripe_webhook_secret:
        raise NotFound("Billing webhooks are not configured on this server")
    event = stripe_gateway.verify_event(ctx.settings, ctx.request.raw_body or b"", ctx.header("Stripe-Signature"))
    return billing_webhooks.handle(ctx.session, ctx.settings, ctx.platform.billing, event)


# --------------------------------------------------------------------------- projects


def _project_response(status: int, p, role) -> Response:
    return json_response(status, projects.project_dict(p, role, network=True), {"ETag": projects.etag(p)})


@route(
    app,
    "/api/projects",
    "GET",
    "Projects you can see (yours, your organizations', public samples)",
    tag="projects",
    query={"scope": {"type": "string", "enum": ["all", "mine", "org", "public"]}, "org_id": S},
    responses={200: ("Projects", "ProjectList")},
)
def project_list(ctx: Ctx):
    return {"projects": projects.list_projects(ctx.session, ctx.user, ctx.query)}


@route(
    app,
    "/api/projects",
    "POST",
    "Create a project (optionally with a network)",
    body=PROJECT_BODY,
    tag="projects",
    responses={201: ("Created", "Project"), 402: "Plan limit"},
)
def project_create(ctx: Ctx):
    p = projects.create(ctx.session, ctx.settings, ctx.user, ctx.body)
    return _project_response(201, p, "owner")


@route(
    app,
    "/api/projects/import",
    "POST",
    "Import a MATPOWER / PSS/E / pandapower / GridSolve file, a CGMES zip, or an OpenDSS feeder",
    tag="projects",
    body={
        "type": "object",
        "required": ["name", "format"],
        "properties": {
            "name": S,
            "description": S,
            "org_id": S,
            "content": {"type": "string", "description": "The file's text (every format but cgmes)"},
            "content_base64": {"type": "string", "contentEncoding": "base64",
                               "description": "cgmes: the zip's bytes (or one XML profile), base64"},
            "format": {"type": "string", "enum": list(engine.IMPORT_FORMATS)},
            "filename": {"type": "string", "description": "OpenDSS: the main script's file name; cgmes: the "
                         "zip's name (errors name the profile inside it: model.zip:model_EQ.xml)"},
            "files": {"type": "object", "additionalProperties": S,
                      "description": "OpenDSS: the files the script redirects to, {name: text}"},
        },
    },
    responses={201: ("Created", "Project"), 402: "Plan limit", 413: "Upload, or a CGMES zip unpacked, too large"},
)
def project_import(ctx: Ctx):
    p = projects.import_project(ctx.session, ctx.settings, ctx.user, ctx.body)
    return _project_response(201, p, "owner")


@route(
    app,
    "/api/projects/{project_id}",
    "GET",
    "A project with its network; ETag carries the version",
    tag="projects",
    responses={200: ("The project", "Project"), 404: "Not found"},
)
def project_get(ctx: Ctx, project_id: str):
    p, role = load_project(ctx.session, project_id, ctx.user)
    return _project_response(200, p, role)


@route(
    app,
    "/api/projects/{project_id}",
    "PATCH",
    "Edit name, description, visibility or the network",
    tag="projects",
    headers=IF_MATCH,
    body={
        "type": "object",
        "properties": {
            "name": S,
            "description": S,
            "network": schemas.ref("Network"),
            "diagram": schemas.ref("Diagram"),
            "is_public": {"type": "boolean"},
            "org_id": {"type": ["string", "null"],
                       "description": "Move the project to this organization (you must belong to it), or null: "
                                      "to your own account. Owner or organization admin only."},
            "version": {"type": "integer"},
        },
    },
    responses={200: ("Updated", "Project"), 402: "The target account's plan does not take the network",
               404: "Not found (or the target organization is not yours)", 412: "Version mismatch",
               428: "If-Match or version required"},
)
def project_patch(ctx: Ctx, project_id: str):
    p, role = projects.patch(ctx.session, ctx.settings, ctx.user, project_id, ctx.body, ctx.header("If-Match"))
    return _project_response(200, p, role)


@route(
    app,
    "/api/projects/{project_id}",
    "DELETE",
    "Delete a project and its studies",
    tag="projects",
    headers=IF_MATCH,
    responses={204: "Deleted", 404: "Not found"},
)
def project_delete(ctx: Ctx, project_id: str):
    projects.delete(ctx.session, ctx.platform.blobs, ctx.user, project_id, ctx.header("If-Match"))
    return Response(body="", status_code=204)


@route(
    app,
    "/api/projects/{project_id}/fork",
    "POST",
    "Copy a project you can read into your account",
    tag="projects",
    body={"type": "object", "properties": {"name": S, "org_id": S}},
    responses={201: ("Created", "Project")},
)
def project_fork(ctx: Ctx, project_id: str):
    p = projects.fork(ctx.session, ctx.settings, ctx.user, project_id, ctx.body)
    return _project_response(201, p, "owner" if p.owner_user_id else "member")


@route(
    app,
    "/api/projects/{project_id}/export",
    "GET",
    "Download the project's network as a file: GridSolve JSON, MATPOWER .m or CGMES 2.4.15 (zip)",
    tag="projects",
    query={"format": {"type": "string", "enum": list(engine.EXPORT_FORMATS), "default": "gridsolve"}},
    headers={"Accept": "CGMES: application/zip (or */*), the response is binary"},
    responses={200: "The file (Content-Disposition names it)", 400: "Format not available for this model",
               404: "Not found"},
)
def project_export(ctx: Ctx, project_id: str):
    data, media, filename = projects.export(ctx.session, ctx.user, project_id, ctx.query.get("format", "gridsolve"))
    return Response(body=data, status_code=200, headers={
        "Content-Type": media, "Content-Disposition": f'attachment; filename="{filename}"'})


@route(
    app,
    "/api/projects/{project_id}/compiled",
    "GET",
    "The project's network compiled for the browser's power-flow solver",
    tag="projects",
    responses={200: ("The compiled network (ETag: the network's hash)", "CompiledPayload"), 404: "Not found"},
)
def project_compiled(ctx: Ctx, project_id: str):
    """The arrays the WebAssembly solver iterates on (two-ports, bus types, injections, start voltages, Q
    limits), so that the browser solves small studies without a copy of the engine's element formulas."""
    p, _ = load_project(ctx.session, project_id, ctx.user)
    payload = engine.compiled(engine.load_network(p.network_json))
    return json_response(200, payload, {"ETag": f'"{payload["network_hash"]}"'})


# --------------------------------------------------------------------------- engine (stateless)


@route(
    app,
    "/api/engine/compile",
    "POST",
    "Compile a network for the browser's power-flow solver (unsaved or offline networks)",
    auth_required=False,
    optional_auth=True,
    tag="engine",
    body={"type": "object", "required": ["network"], "properties": {"network": schemas.ref("Network")}},
    responses={200: ("The compiled network", "CompiledPayload")},
)
def engine_compile(ctx: Ctx):
    return engine.compiled(engine.validate_network(ctx.body.get("network")))


@route(
    app,
    "/api/engine/results",
    "POST",
    "Results of a network solved in the browser (built and checked by the engine; nothing is stored)",
    auth_required=False,
    optional_auth=True,
    tag="engine",
    body=schemas.engine_results_schema(),
    responses={200: ("Result, summary and history", "EngineResults")},
)
def engine_results(ctx: Ctx):
    return studies.evaluate_solution(engine.validate_network(ctx.body.get("network")), ctx.body)


@route(
    app,
    "/api/diagram/layout",
    "POST",
    "Automatic layout: positions for the buses a diagram does not place (all of them with replace: true)",
    auth_required=False,
    optional_auth=True,
    tag="engine",
    body={"type": "object", "required": ["network"],
          "properties": {"network": schemas.ref("Network"), "diagram": schemas.ref("Diagram"),
                         "replace": {"type": "boolean"}}},
    responses={200: ("The diagram with every bus placed", "Diagram")},
)
def diagram_layout(ctx: Ctx):
    return projects.auto_layout(engine.validate_network(ctx.body.get("network")), ctx.body)


# --------------------------------------------------------------------------- studies


@route(
    app,
    "/api/projects/{project_id}/studies",
    "POST",
    "Run a study on the project's current network",
    tag="studies",
    body=STUDY_BODY,
    headers={"Idempotency-Key": "optional: retries with the same key return the first request's study"},
    responses={201: ("Queued", "StudyCreated"), 402: "Plan limit", 409: "Same key still in progress",
               422: "Idempotency-Key reused with another body"},
)
def study_create(ctx: Ctx, project_id: str):
    """With an `Idempotency-Key` header, a retried request returns the study the first one created."""
    return 201, studies.create_and_submit(ctx, project_id)


@route(
    app,
    "/api/projects/{project_id}/studies",
    "GET",
    "Studies of a project (filter, sort, page)",
    tag="studies",
    query={
        "status": S,
        "study_type": S,
        "analysis_method": S,
        "sort": S,
        "limit": {"type": "integer"},
        "offset": {"type": "integer"},
    },
    responses={200: ("Studies", "StudyList")},
)
def study_list(ctx: Ctx, project_id: str):
    return {"studies": studies.list_studies(ctx.platform, ctx.session, ctx.user, project_id, ctx.query)}


@route(
    app,
    "/api/projects/{project_id}/studies/record",
    "POST",
    "Record a study solved in the browser",
    tag="studies",
    body=schemas.study_record_schema(),
    responses={201: ("Recorded", "Study")},
)
def study_record(ctx: Ctx, project_id: str):
    st = studies.record(ctx.platform, ctx.session, ctx.user, project_id, ctx.body)
    return 201, studies.study_dict(st)


@route(
    app,
    "/api/projects/{project_id}/studies/{study_id}",
    "GET",
    "Status, progress, convergence history and results summary",
    tag="studies",
    responses={200: ("The study", "Study"), 404: "Not found"},
)
def study_get(ctx: Ctx, project_id: str, study_id: str):
    return studies.get(ctx.platform, ctx.session, ctx.user, project_id, study_id)


@route(
    app,
    "/api/projects/{project_id}/studies/{study_id}",
    "DELETE",
    "Delete a study and its results",
    tag="studies",
    responses={204: "Deleted"},
)
def study_delete(ctx: Ctx, project_id: str, study_id: str):
    studies.delete(ctx.platform, ctx.session, ctx.user, project_id, study_id)
    return Response(body="", status_code=204)


@route(
    app,
    "/api/projects/{project_id}/studies/{study_id}/cancel",
    "POST",
    "Cancel a pending or running study",
    tag="studies",
    responses={200: ("Cancelled", "Study"), 409: "Already finished"},
)
def study_cancel(ctx: Ctx, project_id: str, study_id: str):
    return studies.study_dict(studies.cancel(ctx.platform, ctx.session, ctx.user, project_id, study_id))


@route(
    app,
    "/api/projects/{project_id}/studies/{study_id}/results",
    "GET",
    "Results as JSON or CSV",
    tag="studies",
    query={"format": {"type": "string", "enum": ["json", "csv"]}, "table": S},
    responses={200: "Results", 409: "No results yet"},
)
def study_results(ctx: Ctx, project_id: str, study_id: str):
    fmt = ctx.query.get("format", "json")
    body, ctype, filename = studies.results(
        ctx.platform, ctx.session, ctx.user, project_id, study_id, fmt, ctx.query.get("table")
    )
    return Response(
        body=body,
        status_code=200,
        headers={"Content-Type": ctype, "Content-Disposition": f'attachment; filename="{filename}"'},
    )


@route(
    app,
    "/api/projects/{project_id}/studies/{study_id}/sequence-networks",
    "GET",
    "The positive, negative and zero-sequence networks of a short-circuit study",
    tag="studies",
    responses={
        200: ("Per sequence, every element's impedances and connectivity", "SequenceNetworks"),
        404: "Not found",
        409: "Not a completed short-circuit study",
    },
)
def study_sequence_networks(ctx: Ctx, project_id: str, study_id: str):
    body = studies.artifact(ctx.platform, ctx.session, ctx.user, project_id, study_id, "sequence_networks")
    return Response(body=body, status_code=200, headers={"Content-Type": "application/json"})


@route(
    app,
    "/api/projects/{project_id}/studies/{study_id}/report",
    "GET",
    "The study's report (PDF): settings, diagram with results, tables, validation statement",
    tag="studies",
    headers={"Accept": "application/pdf (or */*): the response is binary"},
    responses={200: "application/pdf", 404: "Not found", 409: "No results to report"},
)
def study_report(ctx: Ctx, project_id: str, study_id: str):
    pdf, filename = studies.report(ctx.platform, ctx.session, ctx.user, project_id, study_id)
    return Response(body=pdf, status_code=200, headers={
        "Content-Type": "application/pdf", "Content-Disposition": f'attachment; filename="{filename}"'})


# --------------------------------------------------------------------------- live progress (API Gateway WebSocket)


@app.on_ws_connect()
def live_connect(event):
    return live_aws.connect(get_platform(), live_table(), event.connection_id,
                            event.to_dict().get("queryStringParameters"))


@app.on_ws_message()
def live_message(event):
    live_aws.message(get_platform(), live_table(), event.connection_id, event.body, app.websocket_api.send)


@app.on_ws_disconnect()
def live_disconnect(event):
    live_aws.disconnect(live_table(), event.connection_id)


# --------------------------------------------------------------------------- equipment library

EQUIPMENT_QUERY = equipment_schemas.query_parameters()
EQUIPMENT_IF_MATCH = {"If-Match": "the model's ETag (optional; 412 if someone saved in between)"}


def _equipment_response(status: int, ctx: Ctx, row, role: str) -> Response:
    return json_response(status, equipment.detail(ctx.platform.blobs, row, role), {"ETag": equipment.etag(row)})


@route(
    app,
    "/api/equipment",
    "GET",
    "Search the equipment library and your models (fuzzy text, filters, pages)",
    auth_required=False,
    optional_auth=True,
    tag="equipment",
    query=EQUIPMENT_QUERY,
    responses={200: ("Matches, best first, and their total", "EquipmentList")},
)
def equipment_list(ctx: Ctx):
    """Without a token only the bundled library is searched."""
    return equipment.list_equipment(ctx.session, ctx.user, ctx.query)


@route(
    app,
    "/api/equipment/facets",
    "GET",
    "Categories, manufacturers and voltage classes with their counts (for filter lists)",
    auth_required=False,
    optional_auth=True,
    tag="equipment",
    query=EQUIPMENT_QUERY,
    responses={200: ("Counts of what the same filters select", "EquipmentFacets")},
)
def equipment_facets(ctx: Ctx):
    return equipment.facets(ctx.session, ctx.user, ctx.query)


@route(
    app,
    "/api/equipment",
    "POST",
    "Add your own equipment model (private to your account or an organization)",
    tag="equipment",
    body=schemas.ref("EquipmentCreate"),
    responses={201: ("Created", "EquipmentDetail"), 404: "Organization not found"},
)
def equipment_create(ctx: Ctx):
    row, role = equipment.create(ctx.session, ctx.platform.blobs, ctx.user, ctx.body)
    return _equipment_response(201, ctx, row, role)


@route(
    app,
    "/api/equipment/{equipment_id}",
    "GET",
    "The full model: every parameter, its provenance; ETag carries the version",
    auth_required=False,
    optional_auth=True,
    tag="equipment",
    responses={200: ("The model", "EquipmentDetail"), 404: "Not found"},
)
def equipment_get(ctx: Ctx, equipment_id: str):
    row, role = equipment.load(ctx.session, ctx.user, equipment_id)
    return _equipment_response(200, ctx, row, role)


@route(
    app,
    "/api/equipment/{equipment_id}",
    "PATCH",
    "Edit one of your models (parameters are merged)",
    tag="equipment",
    headers=EQUIPMENT_IF_MATCH,
    body=schemas.ref("EquipmentPatch"),
    responses={200: ("Updated", "EquipmentDetail"), 403: "A library entry (fork it)", 404: "Not found",
               412: "Version mismatch"},
)
def equipment_patch(ctx: Ctx, equipment_id: str):
    row, role = equipment.patch(ctx.session, ctx.platform.blobs, ctx.user, equipment_id, ctx.body,
                                ctx.header("If-Match"))
    return _equipment_response(200, ctx, row, role)


@route(
    app,
    "/api/equipment/{equipment_id}",
    "DELETE",
    "Delete one of your models (owner or organization admin)",
    tag="equipment",
    headers=EQUIPMENT_IF_MATCH,
    responses={204: "Deleted", 403: "Not allowed", 404: "Not found", 412: "Version mismatch"},
)
def equipment_delete(ctx: Ctx, equipment_id: str):
    prefix = equipment.delete(ctx.session, ctx.user, equipment_id, ctx.header("If-Match"))
    ctx.after_commit.append(lambda: ctx.platform.blobs.delete_prefix(prefix))
    return Response(body="", status_code=204)


@route(
    app,
    "/api/equipment/{equipment_id}/fork",
    "POST",
    "Copy a library entry (or a model you can read) into your own models",
    tag="equipment",
    body=schemas.ref("EquipmentFork"),
    responses={201: ("Created", "EquipmentDetail"), 404: "Not found"},
)
def equipment_fork(ctx: Ctx, equipment_id: str):
    row, role = equipment.fork(ctx.session, ctx.platform.blobs, ctx.user, equipment_id, ctx.body)
    return _equipment_response(201, ctx, row, role)


@route(
    app,
    "/api/equipment/{equipment_id}/apply",
    "POST",
    "The element fields this model gives a line, transformer, generator, motor, switch, fuse or relay",
    auth_required=False,
    optional_auth=True,
    tag="equipment",
    body=schemas.ref("EquipmentApply"),
    responses={200: ("Element fields, what is still missing, and the reference to keep", "EquipmentApplied"),
               400: "The entry maps to another element kind, or a relay setting the product cannot make (each "
                    "named by relay and field)",
               404: "Not found"},
)
def equipment_apply(ctx: Ctx, equipment_id: str):
    """The mapping is the engine's (gridsolve.library.apply_entry): the browser never maps parameters itself.
    A relay entry needs the relay (`element`): its settings are checked against the product's ranges (a setting
    the product cannot make is a 400 naming the relay and the field) and its elements get the dial ranges."""
    return equipment.apply(ctx.session, ctx.platform.blobs, ctx.user, equipment_id, ctx.body)


def route_table() -> list[tuple[str, str]]:
    return [(r["method"].upper(), r["path"]) for r in ROUTES]
