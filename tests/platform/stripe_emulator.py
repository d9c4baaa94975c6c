"""A stateful Stripe emulator for the billing tests: localstripe (PyPI, GPL-3, a test-only dependency) in a
child process, a webhook sink that receives the events it signs, and a recording HTTP client for the
endpoints it does not have (Checkout Sessions, Customer Portal sessions), which answers them in Stripe's
shape and keeps the SDK's requests for the tests to check.

localstripe keeps customers, plans, subscriptions, invoices and payment methods, charges cards (4000000000000341
attaches but fails to charge) and posts each event to the registered webhooks, signed as Stripe signs them
(``t=<created>,v1=HMAC-SHA256(secret, "<created>.<body>")``).
"""

from __future__ import annotations

import json
import queue
import shutil
import socket
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit
from urllib.request import urlopen

import stripe

API_KEY = "sk_test_gridsolve"
WEBHOOK_SECRET = "whsec_gridsolve_test"
PRICES = {"professional": "price_gridsolve_professional", "utility": "price_gridsolve_utility"}
#: A price no GridSolve plan uses, billed yearly: moving a subscription to it makes localstripe charge at once,
#: which is the only way it turns a subscription past_due.
YEARLY = "price_gridsolve_professional_yearly"
GOOD_CARD, FAILING_CARD = "4242424242424242", "4000000000000341"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"localstripe exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"localstripe did not listen on port {port} within {timeout} s")


class WebhookSink:
    """An HTTP endpoint localstripe posts its signed events to; keeps (headers, raw body) in arrival order."""

    def __init__(self) -> None:
        self.received: queue.Queue[tuple[dict[str, str], bytes]] = queue.Queue()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802 - http.server's naming
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                sink.received.put(({k: v for k, v in self.headers.items()}, body))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def events(self, want: set[str], timeout: float = 15.0) -> list[tuple[dict[str, Any], dict[str, str], bytes]]:
        """Wait until every event type in `want` has arrived; returns all received (event, headers, body)."""
        got: list[tuple[dict[str, Any], dict[str, str], bytes]] = []
        deadline = time.monotonic() + timeout
        while want - {e["type"] for e, _, _ in got}:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"webhooks {sorted(want - {e['type'] for e, _, _ in got})} never arrived; "
                                     f"got {[e['type'] for e, _, _ in got]}")
            try:
                headers, body = self.received.get(timeout=left)
            except queue.Empty:
                continue
            got.append((json.loads(body), headers, body))
        time.sleep(0.3)  # stragglers of the same operation
        while not self.received.empty():
            headers, body = self.received.get_nowait()
            got.append((json.loads(body), headers, body))
        return got

    def drain(self) -> None:
        time.sleep(1.5)  # localstripe posts each event a second after it happens
        while not self.received.empty():
            self.received.get_nowait()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class LocalStripe:
    """localstripe on a free port, the plans' products and prices, and the webhook sink registered."""

    def __init__(self, workdir) -> None:
        exe = str(Path(sys.executable).parent / "localstripe")
        if not Path(exe).exists():
            exe = shutil.which("localstripe") or exe
        self.port = free_port()
        self.log = open(workdir / "localstripe.log", "wb")  # noqa: SIM115 - closed in stop()
        # its own process group, so that stop() ends it and nothing else
        self.proc = subprocess.Popen([exe, "--port", str(self.port), "--from-scratch"], cwd=workdir,
                                     stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True)
        self.sink: WebhookSink | None = None
        try:
            self._setup()
        except BaseException:
            self.stop()
            raise

    def _setup(self) -> None:
        _wait_for_port(self.port, self.proc)
        self.base = f"http://127.0.0.1:{self.port}"
        self.client = stripe.StripeClient(API_KEY, base_addresses={"api": self.base}, max_network_retries=0)
        self.sink = WebhookSink()
        form = urlencode({"url": self.sink.url, "secret": WEBHOOK_SECRET}).encode()
        with urlopen(f"{self.base}/_config/webhooks/gridsolve", data=form, timeout=10) as resp:  # noqa: S310
            assert resp.status == 200
        for price, amount, interval in ((PRICES["professional"], 14900, "month"),
                                        (PRICES["utility"], 39900, "month"), (YEARLY, 149000, "year")):
            product = self.client.v1.products.create(params={"name": price})
            self.client.v1.plans.create(params={"id": price, "product": product.id, "amount": amount,
                                                "currency": "usd", "interval": interval})
        self.sink.drain()

    def stop(self) -> None:
        if self.sink is not None:
            self.sink.close()
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        self.log.close()

    # ----------------------------------------------------------------- what Stripe would do on its own pages

    def pay_with(self, customer: str, card: str) -> None:
        """The customer's default payment method becomes a card (Checkout collects one)."""
        pm = self.client.v1.payment_methods.create(
            params={"type": "card", "card": {"number": card, "exp_month": 12, "exp_year": 2035, "cvc": "123"}})
        self.client.v1.payment_methods.attach(pm.id, params={"customer": customer})
        self.client.v1.customers.update(customer, params={"invoice_settings": {"default_payment_method": pm.id}})

    def complete_checkout(self, customer: str, plan: str, quantity: int, account_key: str) -> dict[str, Any]:
        """What a completed Checkout Session does: a card on file and the subscription, with the session's
        subscription_data.metadata (localstripe has no Checkout)."""
        self.pay_with(customer, GOOD_CARD)
        sub = self.client.v1.subscriptions.create(params={
            "customer": customer, "items": [{"plan": PRICES[plan], "quantity": quantity}],
            "metadata": {"account_key": account_key}})
        return sub.to_dict()

    def change_price(self, sub_id: str, price: str) -> dict[str, Any]:
        """A plan change made in the Customer Portal; returns the subscription as the emulator has it now."""
        sub = self.client.v1.subscriptions.retrieve(sub_id)
        item = sub.to_dict()["items"]["data"][0]
        return self.client.v1.subscriptions.update(sub_id, params={
            "items": [{"id": item["id"], "plan": price, "quantity": item["quantity"]}]}).to_dict()

    def fail_next_payment(self, customer: str, sub_id: str) -> dict[str, Any]:
        """The card stops working and the subscription is charged: past_due. (localstripe charges at once only
        when the billing interval changes, hence the yearly price.)"""
        self.pay_with(customer, FAILING_CARD)
        return self.change_price(sub_id, YEARLY)

    @staticmethod
    def signed_event(kind: str, obj: dict[str, Any], secret: str = WEBHOOK_SECRET,
                     at: int | None = None) -> tuple[dict[str, Any], bytes, str]:
        """An event as Stripe sends it, signed as Stripe signs it, for what localstripe never sends
        (customer.subscription.updated, invoice.payment_failed on a renewal)."""
        created = int(time.time()) if at is None else at
        event = {"id": "evt_" + uuid.uuid4().hex[:24], "object": "event", "type": kind, "created": created,
                 "api_version": stripe.api_version, "livemode": False, "data": {"object": obj}}
        body = json.dumps(event)
        return event, body.encode(), stripe.WebhookSignature.generate_signature_header(body, secret, created)


class RecordingHttpClient(type(stripe.new_default_http_client())):  # type: ignore[misc]
    """The SDK's own HTTP client, recording every request; Checkout and Portal sessions (which localstripe
    lacks) are answered here in Stripe's response shape instead of being sent."""

    FAKED = {"/v1/checkout/sessions": "checkout.session", "/v1/billing_portal/sessions": "billing_portal.session"}

    def __init__(self) -> None:
        super().__init__()
        self.recorded: list[dict[str, Any]] = []
        #: path -> JSON body answered for GETs instead of the emulator's (a state it cannot reach)
        self.overrides: dict[str, dict[str, Any]] = {}

    def request(self, method, url, headers, post_data=None):
        path = urlsplit(url).path
        params = dict(parse_qsl(post_data or urlsplit(url).query, keep_blank_values=True))
        self.recorded.append({"method": method.upper(), "path": path, "params": params, "headers": dict(headers)})
        if method.lower() == "get" and path in self.overrides:
            return json.dumps(self.overrides[path]), 200, {"request-id": "req_test"}
        kind = self.FAKED.get(path)
        if kind is None or method.lower() != "post":
            return super().request(method, url, headers, post_data)
        sid = ("cs_test_" if kind == "checkout.session" else "bps_test_") + uuid.uuid4().hex[:16]
        body = {"id": sid, "object": kind, "url": f"https://stripe.test/{kind}/{sid}", "livemode": False,
                "customer": params.get("customer")}
        if kind == "checkout.session":
            body.update(mode=params.get("mode"), client_reference_id=params.get("client_reference_id"),
                        status="open", success_url=params.get("success_url"))
        return json.dumps(body), 200, {"request-id": "req_test"}

    def sent(self, path: str) -> list[dict[str, Any]]:
        return [r for r in self.recorded if r["path"] == path]
