"""How studies run on AWS: the solver and service Lambda layers, the task handler functions, the Fargate solver
(ECS cluster, task definition, image from fargate_solver/Dockerfile) and the study state machine
(step_functions/study.asl.json with its substitutions), whose distributed Map fans a contingency campaign's
batches out over child executions of the machine itself."""

from __future__ import annotations

import sys
from pathlib import Path

from aws_cdk import ArnFormat, Duration, Fn, RemovalPolicy, Stack
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_ecs as ecs
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

from .bundle import REPO, layer_dir

sys.path.insert(0, str(REPO))
from step_functions.definitions import HERE as ASL_DIR  # noqa: E402

RUNTIME = lambda_.Runtime.PYTHON_3_11
IMAGE_EXCLUDE = [".venv", ".git", "web/node_modules", "cdk/node_modules", "cdk/cdk.out", "build", "tests",
                 "benchmarks", "web", ".gridsolve-data", "**/__pycache__", "chalice.out"]


class Execution(Construct):
    def __init__(self, scope: Construct, cid: str, *, vpc: ec2.IVpc, service_dir: Path, env: dict[str, str],
                 security_group: ec2.ISecurityGroup, large_study_buses: int, blob_bucket_name: str,
                 batch_concurrency: int = 40) -> None:
        super().__init__(scope, cid)
        self.solver_layer = lambda_.LayerVersion(
            self, "SolverLayer", code=lambda_.Code.from_asset(layer_dir("solver-layer")),
            compatible_runtimes=[RUNTIME], compatible_architectures=[lambda_.Architecture.X86_64],
            description="gridsolve engine with numpy, scipy, pydantic (no numba, no kvxopt)")
        self.service_layer = lambda_.LayerVersion(
            self, "ServiceLayer", code=lambda_.Code.from_asset(layer_dir("service-layer")),
            compatible_runtimes=[RUNTIME], description="GridSolve service libraries (SQLAlchemy, psycopg, ...)")
        code = lambda_.Code.from_asset(str(service_dir), exclude=[".chalice"])
        self.functions = {}
        for name, handler, memory in (("RunStudy", "step_functions.handlers.run_study", 3008),
                                      ("RunBatch", "step_functions.handlers.run_batch", 3008),
                                      ("MergeBatches", "step_functions.handlers.merge_batches", 3008),
                                      ("FailStudy", "step_functions.handlers.fail_study", 512)):
            self.functions[name] = lambda_.Function(
                self, name, runtime=RUNTIME, handler=handler, code=code, memory_size=memory,
                timeout=Duration.minutes(1 if name == "FailStudy" else 15),
                layers=[self.solver_layer, self.service_layer], vpc=vpc,
                vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS),
                security_groups=[security_group], environment={**env, "POWERTOOLS_SERVICE_NAME": "gridsolve-studies"},
                tracing=lambda_.Tracing.ACTIVE, log_retention=logs.RetentionDays.ONE_MONTH)
        self.cluster = ecs.Cluster(self, "Solvers", vpc=vpc, container_insights_v2=ecs.ContainerInsights.ENABLED)
        self.task = ecs.FargateTaskDefinition(self, "SolverTask", cpu=4096, memory_limit_mib=16384)
        self.solver_container = self.task.add_container(
            "solver", image=ecs.ContainerImage.from_asset(str(REPO), file="fargate_solver/Dockerfile",
                                                          exclude=IMAGE_EXCLUDE),
            # the numba cache the image was built with (fargate_solver/Dockerfile: gridsolve.warm), not /tmp's
            environment={**env, "NUMBA_CACHE_DIR": "/opt/numba-cache"},
            logging=ecs.LogDrivers.aws_logs(stream_prefix="solver", log_group=logs.LogGroup(
                self, "SolverLogs", retention=logs.RetentionDays.ONE_MONTH, removal_policy=RemovalPolicy.DESTROY)))
        self.task_security_group = security_group
        self.state_machine = self._state_machine(vpc, large_study_buses, blob_bucket_name, batch_concurrency)

    def _state_machine(self, vpc: ec2.IVpc, large_study_buses: int, blob_bucket_name: str,
                       batch_concurrency: int) -> sfn.StateMachine:
        subnets = vpc.select_subnets(subnet_type=ec2.SubnetType.PRIVATE_WITH_EGRESS).subnet_ids
        log_group = logs.LogGroup(self, "StudyMachineLogs", retention=logs.RetentionDays.ONE_MONTH,
                                  removal_policy=RemovalPolicy.DESTROY)
        stack = Stack.of(self)
        name = f"{stack.stack_name}-study"  # named: the Map's grants on its own child executions need its ARN
        machine = sfn.StateMachine(
            self, "StudyMachine", state_machine_name=name,
            definition_body=sfn.DefinitionBody.from_string((ASL_DIR / "study.asl.json").read_text()),
            definition_substitutions={
                "LargeStudyBuses": str(large_study_buses),
                "RunStudyFunctionArn": self.functions["RunStudy"].function_arn,
                "FailStudyFunctionArn": self.functions["FailStudy"].function_arn,
                "RunBatchFunctionArn": self.functions["RunBatch"].function_arn,
                "MergeBatchesFunctionArn": self.functions["MergeBatches"].function_arn,
                "BlobBucket": blob_bucket_name, "BatchConcurrency": str(batch_concurrency),
                "ClusterArn": self.cluster.cluster_arn, "TaskDefinitionArn": self.task.task_definition_arn,
                "Subnets": _json_list(subnets),
                "SecurityGroups": _json_list([self.task_security_group.security_group_id]),
            },
            tracing_enabled=True, logs=sfn.LogOptions(destination=log_group, level=sfn.LogLevel.ALL))
        for fn in self.functions.values():
            fn.grant_invoke(machine)
        # The distributed Map runs each batch as a child execution of this machine (the manifest's S3 read is
        # granted by the stack, on the blob bucket's study keys)
        own = stack.format_arn(service="states", resource="stateMachine", resource_name=name,
                               arn_format=ArnFormat.COLON_RESOURCE_NAME)
        children = stack.format_arn(service="states", resource="execution", resource_name=f"{name}/*",
                                    arn_format=ArnFormat.COLON_RESOURCE_NAME)
        machine.add_to_role_policy(iam.PolicyStatement(actions=["states:StartExecution"], resources=[own]))
        machine.add_to_role_policy(iam.PolicyStatement(
            actions=["states:DescribeExecution", "states:StopExecution", "states:RedriveExecution"],
            resources=[children]))
        machine.add_to_role_policy(iam.PolicyStatement(actions=["ecs:RunTask"],
                                                       resources=[self.task.task_definition_arn]))
        machine.add_to_role_policy(iam.PolicyStatement(
            actions=["ecs:StopTask", "ecs:DescribeTasks"], resources=["*"],
            conditions={"ArnEquals": {"ecs:cluster": self.cluster.cluster_arn}}))
        roles = [self.task.task_role.role_arn]
        if self.task.execution_role:
            roles.append(self.task.execution_role.role_arn)
        machine.add_to_role_policy(iam.PolicyStatement(actions=["iam:PassRole"], resources=roles))
        # runTask.sync waits through the EventBridge rule Step Functions manages for ECS
        machine.add_to_role_policy(iam.PolicyStatement(
            actions=["events:PutTargets", "events:PutRule", "events:DescribeRule"],
            resources=[f"arn:aws:events:{machine.env.region}:{machine.env.account}:rule/"
                       "StepFunctionsGetEventsForECSTaskRule"]))
        return machine


def _json_list(values: list[str]) -> str:
    """A JSON array of (possibly unresolved) strings for a definition substitution."""
    return Fn.join("", ['["', Fn.join('","', values), '"]'])
