"""Studies executed the AWS way, against moto's server: job state in DynamoDB, blobs in S3, the Fargate entry
point and the Lambda task handlers running real studies, the Step Functions runner starting named executions,
and the state machine's wiring (size choice, retries, catch -> fail the study) executed by moto with its task
states pointed at stubs (moto runs no Lambda or ECS code)."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import pytest

from chalicelib.studies.sfn_runner import StepFunctionsRunner, execution_name
from fargate_solver.main import main as fargate_main
from step_functions import handlers
from step_functions.definitions import definition, placeholders

CASE14 = (Path(__file__).resolve().parents[2] / "solver_layer" / "gridsolve" / "samples" / "case14.m").read_text()


def _queued(user, platform, body=None):
    sid = user.post(f"/api/projects/{user.pid}/studies", body or {"study_type": "power_flow"}).json["id"]
    with platform.db.session() as s:
        from chalicelib.storage.models import Study

        return sid, s.get(Study, sid).run_token


def test_fargate_entry_runs_a_study_end_to_end(aws_platform, user, client):
    platform, env = aws_platform
    sid, token = _queued(user, platform)
    assert user.get(f"/api/projects/{user.pid}/studies/{sid}").json["status"] == "pending"
    assert fargate_main({**env, "GRIDSOLVE_STUDY_ID": sid, "GRIDSOLVE_RUN_TOKEN": token}) == 0
    st = user.get(f"/api/projects/{user.pid}/studies/{sid}").json
    assert st["status"] == "completed" and st["results_summary"]["losses_mw"] == pytest.approx(13.393, abs=0.01)
    assert st["history"] and st["history"][-1]["max_mismatch"] < 1e-8
    keys = [o["Key"] for o in client("s3").list_objects_v2(Bucket=env["GRIDSOLVE_BLOB_BUCKET"])["Contents"]]
    assert f"studies/{sid}/result.json" in keys and f"studies/{sid}/input.json" in keys
    result = user.get(f"/api/projects/{user.pid}/studies/{sid}/results").json
    assert result["buses"][0]["vm_pu"] == pytest.approx(1.06)
    # a second task with the same token finds nothing to do: the study ran once
    assert fargate_main({**env, "GRIDSOLVE_STUDY_ID": sid, "GRIDSOLVE_RUN_TOKEN": token}) == 0
    assert fargate_main({**env, "GRIDSOLVE_STUDY_ID": "", "GRIDSOLVE_RUN_TOKEN": ""}) == 2


def test_idempotent_submission_on_dynamodb(aws_platform, user, client):
    """Powertools idempotency with its DynamoDB persistence layer: a retry returns the first study."""
    platform, env = aws_platform
    base = f"/api/projects/{user.pid}/studies"
    first = user.post(base, {"study_type": "power_flow"}, headers={"Idempotency-Key": "retry-me"})
    again = user.post(base, {"study_type": "power_flow"}, headers={"Idempotency-Key": "retry-me"})
    assert first.status == again.status == 201 and first.json == again.json
    assert len(user.get(base).json["studies"]) == 1
    items = client("dynamodb").scan(TableName=env["GRIDSOLVE_IDEMPOTENCY_TABLE"])["Items"]
    assert len(items) == 1 and items[0]["status"]["S"] == "COMPLETED"


class _LambdaContext:
    function_name = "gridsolve-run-study"
    memory_limit_in_mb = 3008
    invoked_function_arn = "arn:aws:lambda:us-east-1:123456789012:function:gridsolve-run-study"
    aws_request_id = "req-1"


def test_lambda_handlers_run_and_fail_studies(aws_platform, user, monkeypatch):
    platform, env = aws_platform
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("POWERTOOLS_TRACE_DISABLED", "1")
    sid, token = _queued(user, platform, {"study_type": "power_flow", "analysis_method": "fast_decoupled"})
    assert handlers.run_study({"study_id": sid, "run_token": token}, _LambdaContext()) == {"status": "completed"}
    assert user.get(f"/api/projects/{user.pid}/studies/{sid}").json["status"] == "completed"
    sid2, _ = _queued(user, platform)
    out = handlers.fail_study({"study_id": sid2, "error": {"Error": "States.Timeout", "Cause": "task timed out"}},
                              _LambdaContext())
    st = user.get(f"/api/projects/{user.pid}/studies/{sid2}").json
    assert out == {"status": "failed"} and st["status"] == "failed" and "task timed out" in st["error_message"]
    # failing a finished study changes nothing
    handlers.fail_study({"study_id": sid, "error": {"Cause": "late"}}, _LambdaContext())
    assert user.get(f"/api/projects/{user.pid}/studies/{sid}").json["status"] == "completed"


# ---------------------------------------------------------------------------------------- the state machine

ROLE = "arn:aws:iam::123456789012:role/sfn"
VALUES = {"LargeStudyBuses": 5000, "RunStudyFunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:run",
          "FailStudyFunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:fail",
          "ClusterArn": "arn:aws:ecs:us-east-1:123456789012:cluster/c",
          "TaskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/solver:1",
          "Subnets": ["subnet-1"], "SecurityGroups": ["sg-1"],
          "RunBatchFunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:batch",
          "MergeBatchesFunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:merge",
          "BlobBucket": "gs-blobs", "BatchConcurrency": 8}


def _record(state: str, table: str) -> dict:
    """A stub task moto can execute: write which state ran, for which study, into a DynamoDB table."""
    return {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
            "Parameters": {"TableName": table, "Item": {"id": {"S.$": "$.study_id"}, "state": {"S": state}}},
            "ResultPath": None}


def stubbed(table: str, failing: str | None = None) -> dict:
    """The real definition with every task replaced by a recording stub (or, for `failing`, a task that fails:
    a read of a table that does not exist), keeping Next, Retry, Catch and ResultPath wiring."""
    d = definition("study", VALUES)
    for name, state in d["States"].items():
        if state["Type"] != "Task":
            continue
        stub = _record(name, table)
        if name == failing:
            stub = {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
                    "Parameters": {"TableName": "no-such-table", "Key": {"id": {"S": "x"}}}}
        stub.update({k: state[k] for k in ("Next", "Catch", "End") if k in state})
        if name == failing:
            stub["Retry"] = [{"ErrorEquals": ["Lambda.ServiceException"], "MaxAttempts": 1}]
        d["States"][name] = stub
    return d


def _run(client, definition_doc: dict, payload: dict) -> tuple[str, list[str]]:
    sfn = client("stepfunctions")
    arn = sfn.create_state_machine(name=f"study-{uuid.uuid4().hex[:8]}", definition=json.dumps(definition_doc),
                                   roleArn=ROLE)["stateMachineArn"]
    ex = sfn.start_execution(stateMachineArn=arn, input=json.dumps(payload))["executionArn"]
    for _ in range(200):
        status = sfn.describe_execution(executionArn=ex)["status"]
        if status != "RUNNING":
            break
        time.sleep(0.05)
    entered = [e["stateEnteredEventDetails"]["name"] for e in sfn.get_execution_history(executionArn=ex)["events"]
               if "stateEnteredEventDetails" in e]
    return status, entered


@pytest.fixture
def calls(client):
    table = f"calls-{uuid.uuid4().hex[:8]}"
    client("dynamodb").create_table(TableName=table, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                                    AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                                    BillingMode="PAY_PER_REQUEST")
    return table


def test_definition_is_complete():
    assert placeholders("study") == set(VALUES)
    d = definition("study", VALUES)
    assert d["States"]["Route"]["Choices"][1]["NumericGreaterThan"] == 5000
    assert d["States"]["RunOnFargate"]["Resource"] == "arn:aws:states:::ecs:runTask.sync"
    with pytest.raises(KeyError, match="LargeStudyBuses"):
        definition("study", {k: v for k, v in VALUES.items() if k != "LargeStudyBuses"})


@pytest.mark.parametrize(("buses", "task"), [(14, "RunOnLambda"), (9241, "RunOnFargate")])
def test_state_machine_chooses_by_size(client, calls, buses, task):
    status, entered = _run(client, stubbed(calls), {"study_id": "s1", "run_token": "t", "bus_count": buses})
    assert status == "SUCCEEDED" and entered == ["Route", task, "Done"]
    item = client("dynamodb").get_item(TableName=calls, Key={"id": {"S": "s1"}})["Item"]
    assert item["state"]["S"] == task


def test_failed_task_fails_the_study(client, calls):
    status, entered = _run(client, stubbed(calls, failing="RunOnLambda"),
                           {"study_id": "s2", "run_token": "t", "bus_count": 14})
    assert status == "FAILED" and entered[:3] == ["Route", "RunOnLambda", "FailStudy"]
    item = client("dynamodb").get_item(TableName=calls, Key={"id": {"S": "s2"}})["Item"]
    assert item["state"]["S"] == "FailStudy"


def test_runner_starts_one_named_execution_per_attempt(client, calls):
    sfn = client("stepfunctions")
    arn = sfn.create_state_machine(name=f"runner-{uuid.uuid4().hex[:8]}", definition=json.dumps(stubbed(calls)),
                                   roleArn=ROLE)["stateMachineArn"]
    runner = StepFunctionsRunner(arn, client=sfn)
    runner.submit("s3", "token-a", bus_count=14)
    runner.submit("s3", "token-a", bus_count=14)  # a retried submit: the same execution
    runner.submit("s3", "token-b", bus_count=14)  # a new attempt: a new execution
    names = sorted(e["name"] for e in sfn.list_executions(stateMachineArn=arn)["executions"])
    assert names == sorted([execution_name("s3", "token-a"), execution_name("s3", "token-b")])
    assert runner.describe("s3", "token-a")["name"] == execution_name("s3", "token-a")
