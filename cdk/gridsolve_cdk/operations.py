"""Operations: alarms on failed study executions, Lambda errors and API 5xx, published to an encrypted SNS topic
that operators subscribe to."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_cloudwatch as cw
from aws_cdk import aws_cloudwatch_actions as actions
from aws_cdk import aws_iam as iam
from aws_cdk import aws_kms as kms
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_sns as sns
from aws_cdk import aws_stepfunctions as sfn
from constructs import Construct

FIVE_MINUTES = Duration.minutes(5)


class Operations(Construct):
    def __init__(self, scope: Construct, cid: str, *, machines: list[sfn.StateMachine],
                 functions: list[lambda_.IFunction], rest_api_name: str) -> None:
        super().__init__(scope, cid)
        key = kms.Key(self, "AlarmTopicKey", enable_key_rotation=True, description="GridSolve alarm topic")
        self.topic = sns.Topic(self, "Alarms", master_key=key, enforce_ssl=True)
        key.grant_encrypt_decrypt(iam.ServicePrincipal("cloudwatch.amazonaws.com"))
        action = actions.SnsAction(self.topic)
        for i, machine in enumerate(machines):
            cw.Alarm(self, f"ExecutionsFailed{i}", metric=machine.metric_failed(period=FIVE_MINUTES), threshold=1,
                     evaluation_periods=1, comparison_operator=cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                     alarm_description="A study execution failed (its task crashed or timed out)",
                     treat_missing_data=cw.TreatMissingData.NOT_BREACHING).add_alarm_action(action)
        for i, fn in enumerate(functions):
            cw.Alarm(self, f"FunctionErrors{i}", metric=fn.metric_errors(period=FIVE_MINUTES), threshold=5,
                     evaluation_periods=1, alarm_description="Lambda errors in a GridSolve function",
                     treat_missing_data=cw.TreatMissingData.NOT_BREACHING).add_alarm_action(action)
        server_errors = cw.Metric(namespace="AWS/ApiGateway", metric_name="5XXError",
                                  dimensions_map={"ApiName": rest_api_name}, statistic="Sum", period=FIVE_MINUTES)
        cw.Alarm(self, "Api5xx", metric=server_errors, threshold=5, evaluation_periods=1,
                 alarm_description="The API answered 5xx", treat_missing_data=cw.TreatMissingData.NOT_BREACHING
                 ).add_alarm_action(action)
