"""Security headers: one list, set on every response by the API (a Chalice middleware, so on Lambda too)
and by the local server's static files. CloudFront's response-headers policy should carry the same values.

The web app's policy allows only its own origin; ``'wasm-unsafe-eval'`` lets the browser solver compile its
WebAssembly module, and inline styles are allowed because the diagram sets style attributes. ``'unsafe-eval'``
is there only because the network validator (ajv, web/src/schema/validate.ts) compiles the JSON Schema into a
function at run time; with ajv's standalone (build-time) validators it can go. API responses are JSON and get
the strictest policy (nothing may load, nothing may frame them).
"""

from __future__ import annotations

APP_CSP = "; ".join((
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval' 'unsafe-eval'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
))
API_CSP = "default-src 'none'; frame-ancestors 'none'"

COMMON = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
}


def security_headers(kind: str = "api") -> dict[str, str]:
    """The headers for an API response (``api``) or a page/asset of the web app (``app``)."""
    return {**COMMON, "Content-Security-Policy": APP_CSP if kind == "app" else API_CSP}
