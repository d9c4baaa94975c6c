"""The report function: the Fargate solver image (fargate_solver/Dockerfile) run as a Lambda container that renders
PDF reports. WeasyPrint needs the Pango system library, which the API and study functions (Lambda's Python
runtime) lack; the image has it (built from the solver task's Dockerfile, with the Lambda runtime client)."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from .bundle import REPO
from .execution import IMAGE_EXCLUDE

HANDLER = "fargate_solver.report_handler.handler"


class Reports(Construct):
    def __init__(self, scope: Construct, cid: str, *, vpc: ec2.IVpc, env: dict[str, str],
                 security_group: ec2.ISecurityGroup) -> None:
        super().__init__(scope, cid)
        code = lambda_.DockerImageCode.from_image_asset(
            str(REPO), file="fargate_solver/Dockerfile", exclude=IMAGE_EXCLUDE,
            entrypoint=["python", "-m", "awslambdaric"], cmd=[HANDLER])
        self.function = lambda_.DockerImageFunction(
            self, "RenderReport", code=code, memory_size=2048, timeout=Duration.minutes(5),
            architecture=lambda_.Architecture.X86_64, vpc=vpc,
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS),
            security_groups=[security_group],
            environment={**env, "POWERTOOLS_SERVICE_NAME": "gridsolve-reports", "HOME": "/tmp"},  # noqa: S108
            tracing=lambda_.Tracing.ACTIVE, log_retention=logs.RetentionDays.ONE_MONTH)
