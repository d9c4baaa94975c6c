"""Outgoing mail on AWS: the API sends verification, unlock and password-reset links through Amazon SES from one
verified identity (GRIDSOLVE_MAILER=ses, GRIDSOLVE_MAIL_FROM), and builds them on the public URL, which it reads
from an SSM parameter (the CloudFront URL: the API's own environment cannot reference the distribution, whose
origin is the API, without a dependency cycle)."""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_ssm as ssm
from constructs import Construct

DEFAULT_FROM = "no-reply@gridsolve.example"


def sender_domain(mail_from: str) -> str:
    """The domain of 'Name <user@domain>' or 'user@domain' (the SES identity that must be verified)."""
    return mail_from.rsplit("@", 1)[-1].rstrip(">").strip().lower()


class Mail(Construct):
    def __init__(self, scope: Construct, cid: str, *, mail_from: str) -> None:
        super().__init__(scope, cid)
        stack = Stack.of(self)
        self.mail_from = mail_from
        self.parameter_name = f"/{stack.stack_name}/public-url"
        address = mail_from.rsplit("<", 1)[-1].rstrip(">").strip()
        identity = f"arn:aws:ses:{stack.region}:{stack.account}:identity/{sender_domain(mail_from)}"
        # ses:SendEmail on the sender's domain identity only, and only as the configured From address
        self.send = iam.PolicyStatement(actions=["ses:SendEmail"], resources=[identity],
                                        conditions={"StringEquals": {"ses:FromAddress": address}})
        self.read_url = iam.PolicyStatement(
            actions=["ssm:GetParameter"],
            resources=[f"arn:aws:ssm:{stack.region}:{stack.account}:parameter{self.parameter_name}"])

    def env(self) -> dict[str, str]:
        """What the API's environment needs (plain strings: no reference to the distribution)."""
        return {"GRIDSOLVE_MAILER": "ses", "GRIDSOLVE_MAIL_FROM": self.mail_from,
                "GRIDSOLVE_PUBLIC_URL_PARAMETER": self.parameter_name}

    def publish_url(self, url: str) -> ssm.StringParameter:
        return ssm.StringParameter(self, "PublicUrl", parameter_name=self.parameter_name, string_value=url,
                                   description="GridSolve's public URL (links in the mails the API sends)")
