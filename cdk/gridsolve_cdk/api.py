"""The API: the Chalice app (app.py + chalicelib) on API Gateway + Lambda through Chalice's own CDK construct, with
the engine and the service libraries as layers, in the VPC (Aurora), its settings as environment variables and
its secrets read from Secrets Manager at start; plus the function that runs the Alembic migrations on deploy."""

from __future__ import annotations

from pathlib import Path

from aws_cdk import CustomResource, Duration, Fn, Stack
from aws_cdk import aws_apigatewayv2 as apigwv2
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import custom_resources as cr
from chalice.cdk import Chalice
from constructs import Construct

from .execution import RUNTIME


class Api(Construct):
    def __init__(self, scope: Construct, cid: str, *, service_dir: Path, env: dict[str, str],
                 layers: list[lambda_.ILayerVersion], vpc: ec2.IVpc, security_group: ec2.ISecurityGroup) -> None:
        super().__init__(scope, cid)
        subnets = vpc.select_subnets(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS).subnet_ids
        self.chalice = Chalice(self, "Chalice", source_dir=str(service_dir), stage_config={
            "api_gateway_stage": "v1",
            "environment_variables": {**env, "POWERTOOLS_SERVICE_NAME": "gridsolve-api"},
            "layers": [layer.layer_version_arn for layer in layers],
            "lambda_memory_size": 1769, "lambda_timeout": 29, "xray": True,
            "subnet_ids": subnets, "security_group_ids": [security_group.security_group_id],
            "manage_iam_role": False, "iam_role_arn": self._role(vpc).role_arn,
            "automatic_layer": False,
        })
        self.function = self.chalice.get_function("APIHandler")
        self.rest_api_id = self.chalice.sam_template.get_resource("RestAPI").ref
        self.websocket_api_id = self.chalice.sam_template.get_resource("WebsocketAPI").ref
        region = Stack.of(self).region
        host = Fn.join("", [self.websocket_api_id, f".execute-api.{region}.amazonaws.com/v1"])
        self.live_url = Fn.join("", ["wss://", host])  # what browsers connect to
        self.live_endpoint = Fn.join("", ["https://", host])  # what workers post progress to
        for handler in ("APIHandler", "WebsocketConnect", "WebsocketMessage", "WebsocketDisconnect"):
            self.chalice.sam_template.get_resource(handler).add_property_override(
                "Environment.Variables.GRIDSOLVE_LIVE_URL", self.live_url)
        self.manage_connections = iam.PolicyStatement(
            actions=["execute-api:ManageConnections"],
            resources=[Fn.join("", [f"arn:aws:execute-api:{region}:{Stack.of(self).account}:",
                                    self.websocket_api_id, "/*/POST/@connections/*"])])
        self.role.add_to_policy(self.manage_connections)
        access_logs = logs.LogGroup(self, "WebsocketAccessLogs", retention=logs.RetentionDays.ONE_MONTH)
        stage = self.chalice.sam_template.get_resource("WebsocketAPIStage")
        assert isinstance(stage, apigwv2.CfnStage)
        stage.access_log_settings = apigwv2.CfnStage.AccessLogSettingsProperty(
            destination_arn=access_logs.log_group_arn,
            format='{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","route":"$context.routeKey",'
                   '"status":"$context.status","connection":"$context.connectionId"}')
        self.migrate = self._migrations(service_dir, env, layers, vpc, security_group)

    def _role(self, vpc: ec2.IVpc) -> iam.Role:
        self.role = iam.Role(self, "ApiRole", assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
                             managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name(
                                 "service-role/AWSLambdaVPCAccessExecutionRole")])
        return self.role

    def _migrations(self, service_dir: Path, env: dict[str, str], layers: list[lambda_.ILayerVersion],
                    vpc: ec2.IVpc, security_group: ec2.ISecurityGroup) -> lambda_.Function:
        """Alembic upgrade on every deploy (a custom resource), before the API serves requests."""
        fn = lambda_.Function(
            self, "Migrate", runtime=RUNTIME, handler="step_functions.handlers.migrate",
            code=lambda_.Code.from_asset(str(service_dir), exclude=[".chalice"]), layers=layers,
            timeout=Duration.minutes(5), memory_size=512, environment=env, vpc=vpc,
            vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS),
            security_groups=[security_group], tracing=lambda_.Tracing.ACTIVE,
            log_retention=logs.RetentionDays.ONE_MONTH)
        provider = cr.Provider(self, "MigrateProvider", on_event_handler=fn,
                               log_retention=logs.RetentionDays.ONE_MONTH)
        CustomResource(self, "Migrations", service_token=provider.service_token,
                       properties={"schema_revision": _head_revision()})
        return fn


def _head_revision() -> str:
    """The newest migration file, so that adding one re-runs the custom resource."""
    versions = Path(__file__).resolve().parents[2] / "chalicelib" / "storage" / "migrations" / "versions"
    return sorted(p.stem for p in versions.glob("*.py"))[-1]
