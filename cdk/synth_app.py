"""Synthesize the GridSolve stack (`make synth`, or `node node_modules/.bin/cdk synth` in cdk/).

Not named app.py: Chalice imports the API as the module `app`.

Context (cdk.json or -c): `web_dist` (the built browser app, default ../web/dist), `waf` (true: a CloudFront web
ACL, needs us-east-1), `large_study_buses` (studies above run on Fargate), `mail_from` (the SES-verified sender of
account mails), `public_url` (a custom domain; default the CloudFront URL). No AWS account is needed to synth.
"""

from __future__ import annotations

import os
from pathlib import Path

import aws_cdk as cdk
from cdk_nag import AwsSolutionsChecks
from gridsolve_cdk.mail import DEFAULT_FROM
from gridsolve_cdk.stack import GridSolveStack

HERE = Path(__file__).resolve().parent


def _environment() -> cdk.Environment | None:
    """The account and region `cdk deploy` targets; without them (offline synth) the stack is environment-agnostic,
    so synthesizing needs no AWS calls (availability zones and account come from CloudFormation at deploy)."""
    account, region = os.environ.get("CDK_DEFAULT_ACCOUNT"), os.environ.get("CDK_DEFAULT_REGION")
    return cdk.Environment(account=account, region=region) if account and region else None


def build(outdir: str | None = None) -> cdk.App:
    app = cdk.App(outdir=outdir)
    ctx = app.node.try_get_context
    dist = Path(ctx("web_dist") or HERE.parent / "web" / "dist")
    if not (dist / "index.html").exists():
        raise FileNotFoundError(f"{dist}/index.html is missing: build the web app first (make build-web)")
    GridSolveStack(app, "GridSolve", web_dist=dist, staging=HERE / "build" / "service",
                   with_waf=str(ctx("waf") if ctx("waf") is not None else "true").lower() == "true",
                   large_study_buses=int(ctx("large_study_buses") or 5000),
                   mail_from=str(ctx("mail_from") or DEFAULT_FROM), public_url=ctx("public_url") or None,
                   env=_environment())
    cdk.Aspects.of(app).add(AwsSolutionsChecks(verbose=True))
    return app


if __name__ == "__main__":
    build().synth()
