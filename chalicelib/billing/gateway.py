"""Stripe, through the official SDK: customers, Checkout Sessions, Customer Portal sessions, subscriptions, and
webhook signature verification. Everything the service reads from Stripe leaves here as plain dicts.

The API base is configurable (GRIDSOLVE_STRIPE_API_BASE) so tests point it at an emulator; `http_client` lets a
test record the SDK's requests for the endpoints the emulator lacks (Checkout, Portal).
"""

from __future__ import annotations

from typing import Any

import stripe

from chalicelib.config import Settings
from chalicelib.http.errors import ApiError, BadRequest


class StripeUnavailable(ApiError):
    status, code = 503, "billing_unavailable"


def verify_event(settings: Settings, payload: bytes, signature: str | None) -> dict[str, Any]:
    """The event a webhook request carries, after checking its `Stripe-Signature` against the endpoint secret
    with the SDK's tolerance (5 minutes); a missing or wrong signature, or a replay older than that, is a 400."""
    if not signature:
        raise BadRequest("Missing Stripe-Signature header", code="invalid_signature")
    try:
        event = stripe.Webhook.construct_event(payload, signature, settings.stripe_webhook_secret or "",
                                               tolerance=stripe.Webhook.DEFAULT_TOLERANCE)
    except stripe.SignatureVerificationError:
        raise BadRequest("The Stripe-Signature does not match this endpoint's secret (or is too old)",
                         code="invalid_signature") from None
    except ValueError:
        raise BadRequest("The webhook body is not a Stripe event", code="invalid_json") from None
    return event.to_dict()


class StripeGateway:
    """The calls GridSolve makes to Stripe."""

    def __init__(self, settings: Settings, http_client: Any = None) -> None:
        assert settings.stripe_secret_key, "billing is not configured"
        base = {"api": settings.stripe_api_base} if settings.stripe_api_base else None
        self.client = stripe.StripeClient(settings.stripe_secret_key, base_addresses=base,  # type: ignore[arg-type]
                                          http_client=http_client, max_network_retries=2)

    @staticmethod
    def _call(fn, *args: Any, **kwargs: Any) -> dict[str, Any]:
        try:
            return fn(*args, **kwargs).to_dict()
        except stripe.APIConnectionError as exc:
            raise StripeUnavailable(f"Stripe is not reachable ({exc.user_message or exc}); try again shortly",
                                    headers={"Retry-After": "10"}) from None

    def create_customer(self, email: str, name: str, account_key: str) -> str:
        params = {"email": email, "name": name, "metadata": {"account_key": account_key}}
        return self._call(self.client.v1.customers.create, params=params)["id"]

    def checkout_session(self, customer: str, price: str, quantity: int, account_key: str, success_url: str,
                         cancel_url: str) -> dict[str, Any]:
        """A hosted Checkout page that starts the subscription (the webhooks then apply it)."""
        metadata = {"account_key": account_key}
        params = {"mode": "subscription", "customer": customer, "client_reference_id": account_key,
                  "line_items": [{"price": price, "quantity": quantity}], "success_url": success_url,
                  "cancel_url": cancel_url, "metadata": metadata, "subscription_data": {"metadata": metadata}}
        return self._call(self.client.v1.checkout.sessions.create, params=params)

    def portal_session(self, customer: str, return_url: str) -> dict[str, Any]:
        """The Customer Portal: change plan, seats, payment method, cancel (the webhooks apply the changes)."""
        params = {"customer": customer, "return_url": return_url}
        return self._call(self.client.v1.billing_portal.sessions.create, params=params)

    def subscription(self, subscription_id: str) -> dict[str, Any]:
        return self._call(self.client.v1.subscriptions.retrieve, subscription_id)

    def set_quantity(self, subscription_id: str, item_id: str, quantity: int) -> dict[str, Any]:
        params = {"items": [{"id": item_id, "quantity": quantity}]}  # prorated (Stripe's default)
        return self._call(self.client.v1.subscriptions.update, subscription_id, params=params)


def make_gateway(settings: Settings) -> StripeGateway | None:
    return StripeGateway(settings) if settings.billing_enabled else None
