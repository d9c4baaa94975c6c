"""Security headers: one list, set on every response by the API (a Chalice middleware, so on Lambda too)
and by the local server's static files; CloudFront's response-headers policy is built from it (cdk/).

The web app's policy allows only its own origin; ``'wasm-unsafe-eval'`` lets the browser solver compile its
WebAssembly module, and inline styles are allowed because the diagram sets style attributes. No ``'unsafe-eval'``:
the network validators are compiled ahead of time (ajv standalone, web/src/schema/validators.generated.ts).
API responses are JSON and get the strictest policy (nothing may load, nothing may frame them).
"""

from __future__ import annotations

_APP_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self' 'wasm-unsafe-eval'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data: blob:",
    "font-src": "'self' data:",
    "connect-src": "'self'",
    "worker-src": "'self' blob:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Where live study progress comes from besides 'self': the API Gateway WebSocket on AWS (CloudFront's policy);
# locally the live server's own origin (ws://host:port) is added by the local server.
AWS_CONNECT = ("wss:",)


def app_csp(connect: tuple[str, ...] = ()) -> str:
    """The web app's Content-Security-Policy, with more sources it may connect to (WebSockets)."""
    directives = dict(_APP_DIRECTIVES)
    if connect:
        directives["connect-src"] = " ".join((directives["connect-src"], *connect))
    return "; ".join(f"{k} {v}" for k, v in directives.items())


APP_CSP = app_csp()
API_CSP = "default-src 'none'; frame-ancestors 'none'"

COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def security_headers(kind: str = "api", connect: tuple[str, ...] = ()) -> dict[str, str]:
    """The headers for an API response (``api``) or a page/asset of the web app (``app``, which may also
    connect to `connect`)."""
    return {**COMMON, "Content-Security-Policy": app_csp(connect) if kind == "app" else API_CSP}
