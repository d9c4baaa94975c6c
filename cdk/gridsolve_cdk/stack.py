"""The GridSolve stack: network, storage, execution, API, web and operations, wired together.

Every grant goes through CDK's grant methods on the one resource it concerns; the few wildcards they produce
(object keys of one bucket, indexes of one table, X-Ray) are suppressed for cdk-nag with their reason in
`NAG_SUPPRESSIONS`.
"""

from __future__ import annotations

from pathlib import Path

from aws_cdk import CfnOutput, SecretValue, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_secretsmanager as sm
from cdk_nag import NagPackSuppression, NagSuppressions
from constructs import Construct

from .api import Api
from .bundle import stage_service
from .execution import Execution
from .mail import DEFAULT_FROM, Mail
from .operations import Operations
from .reports import Reports
from .storage import Storage
from .web import Web

NAG_SUPPRESSIONS = [
    ("AwsSolutions-IAM4", "AWSLambdaBasicExecutionRole / AWSLambdaVPCAccessExecutionRole are AWS's least-privilege "
     "policies for writing a function's own logs and attaching it to the VPC"),
    ("AwsSolutions-IAM5", "Wildcards only where the action is scoped by resource prefix to one resource: object keys "
     "of one bucket (bucket/*), indexes of one table (table/index/*), X-Ray segments (no resource ARNs exist), ECS "
     "StopTask/DescribeTasks conditioned on the solver cluster, the study machine's own child executions (the "
     "distributed Map's execution:<machine>/*, named at run time), and CDK's own custom-resource handlers"),
    ("AwsSolutions-L1", "Functions pin python3.11, the runtime the engine and its manylinux wheels are built and "
     "validated for; CDK-managed custom-resource handlers choose their own runtime"),
    ("AwsSolutions-SMG4", "The JWT signing key is rotated by redeploying a new secret version (rotating it "
     "automatically would sign everyone out); the Stripe keys are rolled in Stripe's dashboard and then put "
     "here (Secrets Manager cannot rotate them); the database secret rotates every 30 days"),
    ("AwsSolutions-CFR1", "Engineers use GridSolve worldwide: no geo restriction"),
    ("AwsSolutions-APIG4", "The live-progress WebSocket authorizes in its $connect handler (the access token in the "
     "query string, checked like every API request: chalicelib/studies/live_aws.py) and every subscription is "
     "checked against the study's project"),
    ("AwsSolutions-CFR4", "The default CloudFront domain is used until a custom domain and its certificate are "
     "configured; its TLS policy cannot be raised without one"),
    ("AwsSolutions-ECS2", "The solver's environment holds resource names and ARNs only; secrets are read from "
     "Secrets Manager at start"),
]


class GridSolveStack(Stack):
    def __init__(self, scope: Construct, cid: str, *, web_dist: Path, staging: Path, with_waf: bool = True,
                 large_study_buses: int = 5000, mail_from: str = DEFAULT_FROM, public_url: str | None = None,
                 **kw) -> None:
        super().__init__(scope, cid, **kw)
        vpc = ec2.Vpc(self, "Vpc", max_azs=2, nat_gateways=1, subnet_configuration=[
            ec2.SubnetConfiguration(name="public", subnet_type=ec2.SubnetType.PUBLIC),
            ec2.SubnetConfiguration(name="service", subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS),
            ec2.SubnetConfiguration(name="data", subnet_type=ec2.SubnetType.PRIVATE_ISOLATED)])
        vpc.add_flow_log("FlowLog")
        storage = Storage(self, "Storage", vpc=vpc)
        service_sg = ec2.SecurityGroup(self, "ServiceSg", vpc=vpc, description="GridSolve API, tasks and solvers")
        storage.db_security_group.add_ingress_rule(service_sg, ec2.Port.tcp(5432), "the service reaches Aurora")
        jwt = sm.Secret(self, "JwtSigningKey", generate_secret_string=sm.SecretStringGenerator(
            password_length=64, exclude_punctuation=True), description="GridSolve JWT signing key")
        assert storage.database.secret is not None
        env = {
            "GRIDSOLVE_BLOB_BUCKET": storage.blobs.bucket_name, "GRIDSOLVE_JOBS_TABLE": storage.jobs.table_name,
            "GRIDSOLVE_BATCHES_TABLE": storage.batches.table_name,
            "GRIDSOLVE_IDEMPOTENCY_TABLE": storage.idempotency.table_name,
            "GRIDSOLVE_LIVE_TABLE": storage.live.table_name,
            "GRIDSOLVE_DB_SECRET_ARN": storage.database.secret.secret_arn, "GRIDSOLVE_JWT_SECRET_ARN": jwt.secret_arn,
            "GRIDSOLVE_LARGE_STUDY_BUSES": str(large_study_buses), "GRIDSOLVE_SEED_SAMPLES": "0",
            "GRIDSOLVE_DATA_DIR": "/tmp/gridsolve", "NUMBA_CACHE_DIR": "/tmp/numba-cache",  # noqa: S108
            "POWERTOOLS_METRICS_NAMESPACE": "GridSolve",
        }
        service_dir = stage_service(staging)
        execution = Execution(self, "Execution", vpc=vpc, service_dir=service_dir, env=env,
                              security_group=service_sg, large_study_buses=large_study_buses,
                              blob_bucket_name=storage.blobs.bucket_name)
        storage.blobs.grant_read(execution.state_machine, "studies/*")  # the Map's ItemReader: batch manifests
        # Filled in after deploy (aws secretsmanager put-secret-value) to turn billing on; empty: billing off
        stripe_keys = sm.Secret(self, "StripeKeys", description="GridSolve Stripe secret key and webhook secret",
                                secret_object_value={"secret_key": SecretValue.unsafe_plain_text(""),
                                                     "webhook_secret": SecretValue.unsafe_plain_text("")})
        reports = Reports(self, "Reports", vpc=vpc, env=env, security_group=service_sg)
        for fn in execution.functions.values():  # study Lambdas have no Pango: the report function renders
            fn.add_environment("GRIDSOLVE_REPORT_FUNCTION", reports.function.function_name)
        mail = Mail(self, "Mail", mail_from=mail_from)
        api_env = {**env, **mail.env(), "GRIDSOLVE_RUNNER": "stepfunctions",
                   "GRIDSOLVE_STUDY_STATE_MACHINE_ARN": execution.state_machine.state_machine_arn,
                   "GRIDSOLVE_REPORT_FUNCTION": reports.function.function_name,
                   "GRIDSOLVE_STRIPE_SECRET_ARN": stripe_keys.secret_arn}
        api = Api(self, "Api", service_dir=service_dir, env=api_env,
                  layers=[execution.solver_layer, execution.service_layer], vpc=vpc, security_group=service_sg)
        api.role.add_to_policy(mail.send)  # verification, unlock and password-reset mails: the API only
        api.role.add_to_policy(mail.read_url)
        workers = [*execution.functions.values(), api.migrate]
        for fn in execution.functions.values():  # workers push progress to WebSocket subscribers
            fn.add_environment("GRIDSOLVE_LIVE_ENDPOINT", api.live_endpoint)
            fn.add_to_role_policy(api.manage_connections)
        execution.solver_container.add_environment("GRIDSOLVE_LIVE_ENDPOINT", api.live_endpoint)
        execution.task.task_role.add_to_principal_policy(api.manage_connections)
        for grantee in [api.role, *workers, execution.task.task_role]:
            storage.blobs.grant_read_write(grantee)
            storage.jobs.grant_read_write_data(grantee)
            storage.live.grant_read_write_data(grantee)
            storage.database.secret.grant_read(grantee)
            jwt.grant_read(grantee)
        for grantee in (api.role,):
            stripe_keys.grant_read(grantee)  # checkout, portal, webhooks and seat updates run in the API only
            storage.idempotency.grant_read_write_data(grantee)
            storage.rate_limits.grant_read_write_data(grantee)
            execution.state_machine.grant_start_execution(grantee)
            execution.state_machine.grant_read(grantee)
        for grantee in (api.role, *execution.functions.values(), execution.task.task_role):
            storage.batches.grant_read_write_data(grantee)  # the API enqueues batches and reads their counts
        for grantee in (api.role, *execution.functions.values()):
            reports.function.grant_invoke(grantee)
        storage.blobs.grant_read_write(reports.function)  # reads the study's input and result, writes the PDF
        for secret in (storage.database.secret, jwt):  # read by the settings at start
            secret.grant_read(reports.function)
        web = Web(self, "Web", bucket=storage.web, logs=storage.logs, rest_api_id=api.rest_api_id, api_stage="v1",
                  dist=web_dist, with_waf=with_waf)
        mail.publish_url(public_url or f"https://{web.distribution.distribution_domain_name}")
        Operations(self, "Operations", machines=[execution.state_machine],
                   functions=[api.function, *workers, reports.function], rest_api_name="gridsolve")
        CfnOutput(self, "Url", value=f"https://{web.distribution.distribution_domain_name}")
        CfnOutput(self, "StudyStateMachine", value=execution.state_machine.state_machine_arn)
        NagSuppressions.add_stack_suppressions(self, [NagPackSuppression(id=i, reason=r) for i, r in NAG_SUPPRESSIONS])
        if not with_waf:
            NagSuppressions.add_stack_suppressions(self, [NagPackSuppression(
                id="AwsSolutions-CFR2", reason="Deployed with waf=false: CLOUDFRONT-scope web ACLs exist only in "
                "us-east-1; attach one from there")])
