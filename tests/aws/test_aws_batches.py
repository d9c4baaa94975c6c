"""Batched studies (contingency campaigns) the AWS way, against moto's server: the batch state in DynamoDB with
its run tokens, the Lambda batch and merge handlers and the Fargate batch entry point on real inputs, and the
state machine's distributed Map (ItemReader from the S3 manifest, ItemSelector, the per-batch Choice, the merge,
Catch -> FailStudy) executed by moto with its task states pointed at recording stubs."""

from __future__ import annotations

import json
import uuid

import pytest

from chalicelib.storage.models import Study
from chalicelib.studies.batches import BatchItem, manifest_key
from chalicelib.studies.dynamo_batches import DynamoBatchStore, bind_table
from chalicelib.studies.sfn_runner import StepFunctionsRunner
from fargate_solver.main import main as fargate_main
from step_functions import handlers
from step_functions.definitions import definition
from tests.aws.test_aws_execution import ROLE, VALUES, _LambdaContext, _record, _run
from tests.platform.fake_batched import RUNS, SQUARES, squares  # noqa: F401 - the fixture

pytestmark = pytest.mark.usefixtures("squares")


@pytest.fixture
def store(moto_url):
    model = bind_table(f"batches-{uuid.uuid4().hex[:8]}", "us-east-1", moto_url)
    model.create_table(billing_mode="PAY_PER_REQUEST", wait=True)
    return DynamoBatchStore(model)


def test_batch_state_is_written_only_by_its_token(store):
    store.enqueue("s", [BatchItem(0, "t0", [["x0"], ["x1"]]), BatchItem(1, "t1", [["x2"]])])
    assert store.claim("s", 0, "wrong") is None
    claimed = store.claim("s", 0, "t0")
    assert claimed is not None and claimed.items == [["x0"], ["x1"]] and claimed.attempt == 1
    again = store.claim("s", 0, "t0")  # a Step Functions retry of the same iteration takes its batch over
    assert again is not None and again.attempt == 2
    assert not store.finish("s", 0, "wrong", "k0", 0.5)
    assert store.finish("s", 0, "t0", "k0", 0.5)
    assert not store.finish("s", 0, "t0", "k0-late", 0.7)  # finished once
    assert store.claim("s", 0, "t0") is None and store.status("s", 0) == "completed"  # never run again
    counts = store.counts("s")
    assert (counts.batches, counts.completed, counts.items, counts.items_completed) == (2, 1, 3, 2)
    assert store.open_batches("s") == [(1, "t1")]
    assert store.claim("s", 1, "t1") is not None
    new = store.retry("s", 1, "t1", max_attempts=2, reason="lost")
    assert new is not None and new != "t1" and store.claim("s", 1, "t1") is None
    assert store.claim("s", 1, new) is not None
    assert store.retry("s", 1, new, max_attempts=2, reason="lost") is None and store.status("s", 1) == "failed"


def _queued(user, platform, **params):
    r = user.post(f"/api/projects/{user.pid}/studies", {"study_type": SQUARES.name, "parameters": params})
    assert r.status == 201, r
    sid = r.json["id"]
    with platform.db.session() as s:
        return sid, s.get(Study, sid).run_token


def _items(platform, env, client, sid, token):
    """What the Map's ItemReader and ItemSelector hand each iteration: the manifest read from S3."""
    body = client("s3").get_object(Bucket=env["GRIDSOLVE_BLOB_BUCKET"], Key=manifest_key(sid))["Body"].read()
    return [{"study_id": sid, "run_token": token, "bus_count": 14, "index": m["index"],
             "batch_token": m["batch_token"]} for m in json.loads(body)]


@pytest.fixture
def lambda_env(aws_platform, monkeypatch):
    platform, env = aws_platform
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("POWERTOOLS_TRACE_DISABLED", "1")
    return platform, env


def test_handlers_run_a_campaign_step_by_step(lambda_env, user, client):
    """The state machine's steps in order with the real handlers: each Map item (as read from the S3 manifest)
    through run_batch, a retried item, then merge_batches; state in DynamoDB, outputs in S3, the row in SQL."""
    platform, env = lambda_env
    sid, token = _queued(user, platform, n=7, batch_size=3)
    items = _items(platform, env, client, sid, token)
    assert [i["index"] for i in items] == [0, 1, 2]
    assert handlers.run_batch(items[1], _LambdaContext()) == {"status": "completed"}
    st = user.get(f"/api/projects/{user.pid}/studies/{sid}").json
    assert st["status"] == "running" and st["batches"]["items_completed"] == 3 and st["progress_pct"] == 42.86
    assert handlers.run_batch(items[1], _LambdaContext()) == {"status": "completed"}  # a retry: not run again
    with pytest.raises(handlers.BatchesOpen):
        handlers.merge_batches({"study_id": sid, "run_token": token}, _LambdaContext())
    for item in (items[0], items[2]):
        assert handlers.run_batch(item, _LambdaContext()) == {"status": "completed"}
    assert handlers.merge_batches({"study_id": sid, "run_token": token}, _LambdaContext()) == {"status": "completed"}
    assert sorted(RUNS) == [(0, 1, 2), (3, 4, 5), (6,)]
    st = user.get(f"/api/projects/{user.pid}/studies/{sid}").json
    assert st["status"] == "completed" and st["results_summary"] == {"outages": 7, "total": 91}
    keys = {o["Key"] for o in client("s3").list_objects_v2(Bucket=env["GRIDSOLVE_BLOB_BUCKET"])["Contents"]}
    assert {f"studies/{sid}/batches/00000{i}.json" for i in range(3)} <= keys and f"studies/{sid}/result.json" in keys
    result = user.get(f"/api/projects/{user.pid}/studies/{sid}/results").json
    assert [c["value"] for c in result["contingencies"]] == [36, 25, 16, 9, 4, 1, 0]
    usage = {m["metric"]: m["used"] for m in user.get("/api/billing/usage").json["usage"]}
    assert usage["contingency_outages"] == 7


def test_a_refused_batch_stops_the_map_and_fails_the_study(lambda_env, user, client):
    platform, env = lambda_env
    sid, token = _queued(user, platform, n=6, batch_size=3, fail_at=4)
    items = _items(platform, env, client, sid, token)
    with pytest.raises(handlers.BatchFailed):
        handlers.run_batch(items[1], _LambdaContext())
    st = user.get(f"/api/projects/{user.pid}/studies/{sid}").json
    assert st["status"] == "failed" and st["error_message"] == "Batch 2 of 2: x4 cannot be squared"
    assert handlers.run_batch(items[0], _LambdaContext()) == {"status": "skipped"}  # nothing runs after
    assert RUNS == [(3, 4, 5)]


def test_cancelled_campaign_runs_no_further_batch(lambda_env, user, client):
    platform, env = lambda_env
    sid, token = _queued(user, platform, n=6, batch_size=3)
    items = _items(platform, env, client, sid, token)
    assert handlers.run_batch(items[0], _LambdaContext())["status"] == "completed"
    assert user.post(f"/api/projects/{user.pid}/studies/{sid}/cancel").json["status"] == "cancelled"
    assert handlers.run_batch(items[1], _LambdaContext())["status"] == "skipped"
    assert handlers.merge_batches({"study_id": sid, "run_token": token}, _LambdaContext())["status"] == "skipped"
    assert RUNS == [(0, 1, 2)] and user.get(f"/api/projects/{user.pid}/studies/{sid}").json["status"] == "cancelled"


def test_fargate_runs_one_batch(aws_platform, user, client):
    platform, env = aws_platform
    sid, token = _queued(user, platform, n=4, batch_size=2)
    items = _items(platform, env, client, sid, token)
    run = {**env, "GRIDSOLVE_STUDY_ID": sid, "GRIDSOLVE_RUN_TOKEN": token}
    assert fargate_main({**run, "GRIDSOLVE_BATCH_INDEX": "1", "GRIDSOLVE_BATCH_TOKEN": items[1]["batch_token"]}) == 0
    assert RUNS == [(2, 3)] and platform.batches.status(sid, 1) == "completed"
    assert fargate_main(run) == 0  # the whole study on one task: the open batch, then the merge
    assert RUNS == [(2, 3), (0, 1)]
    assert user.get(f"/api/projects/{user.pid}/studies/{sid}").json["results_summary"]["total"] == 14


def test_runner_starts_a_campaign_with_its_manifest(client, calls):
    sfn = client("stepfunctions")
    arn = sfn.create_state_machine(name=f"runner-{uuid.uuid4().hex[:8]}", definition=json.dumps(_stubbed(calls)),
                                   roleArn=ROLE)["stateMachineArn"]
    StepFunctionsRunner(arn, client=sfn).submit("s9", "tok", bus_count=14, batches=3)
    ex = sfn.list_executions(stateMachineArn=arn)["executions"][0]
    payload = json.loads(sfn.describe_execution(executionArn=ex["executionArn"])["input"])
    assert payload == {"study_id": "s9", "run_token": "tok", "bus_count": 14, "batches": 3,
                       "manifest_key": "studies/s9/batches/manifest.json"}


# ------------------------------------------------------------------- the distributed Map, executed by moto


def _stub_tasks(states: dict, table: str, failing: str | None) -> None:
    for name, state in states.items():
        if state["Type"] == "Map":
            _stub_tasks(state["ItemProcessor"]["States"], table, failing)
        if state["Type"] != "Task":
            continue
        stub = _record(name, table)
        if "ItemProcessor" not in state and name.startswith("RunBatch"):  # one record per batch
            stub["Parameters"]["Item"] = {"id": {"S.$": "States.Format('{}#{}', $.study_id, $.index)"},
                                          "state": {"S": name}, "token": {"S.$": "$.batch_token"}}
        if name == failing:
            stub = {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:getItem",
                    "Parameters": {"TableName": "no-such-table", "Key": {"id": {"S": "x"}}}}
        stub.update({k: state[k] for k in ("Next", "Catch", "End") if k in state})
        states[name] = stub


def _stubbed(table: str, bucket: str = "gs-blobs", failing: str | None = None) -> dict:
    d = definition("study", {**VALUES, "BlobBucket": bucket})
    _stub_tasks(d["States"], table, failing)
    return d


@pytest.fixture
def calls(client):
    table = f"calls-{uuid.uuid4().hex[:8]}"
    client("dynamodb").create_table(TableName=table, KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                                    AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                                    BillingMode="PAY_PER_REQUEST")
    return table


@pytest.fixture
def manifest(client):
    bucket = f"gs-manifest-{uuid.uuid4().hex[:8]}"
    client("s3").create_bucket(Bucket=bucket)
    items = [{"index": i, "batch_token": f"bt{i}", "items": [[f"br_{i}"]]} for i in range(5)]
    client("s3").put_object(Bucket=bucket, Key=manifest_key("c1"), Body=json.dumps(items).encode())
    return bucket


def test_map_definition():
    d = definition("study", VALUES)
    m = d["States"]["RunBatches"]
    assert m["Type"] == "Map" and m["ItemProcessor"]["ProcessorConfig"]["Mode"] == "DISTRIBUTED"
    assert m["ItemReader"]["Resource"] == "arn:aws:states:::s3:getObject" and m["MaxConcurrency"] == 8
    assert m["ToleratedFailurePercentage"] == 0 and m["Catch"][0]["Next"] == "FailStudy"
    assert m["Next"] == "MergeBatches" and d["States"]["MergeBatches"]["Catch"][0]["Next"] == "FailStudy"
    lam = m["ItemProcessor"]["States"]["RunBatchOnLambda"]
    assert lam["Parameters"]["FunctionName"] == VALUES["RunBatchFunctionArn"] and lam["Retry"]


@pytest.mark.parametrize(("buses", "task"), [(14, "RunBatchOnLambda"), (9241, "RunBatchOnFargate")])
def test_map_runs_every_batch_of_the_manifest_then_merges(client, calls, manifest, buses, task):
    payload = {"study_id": "c1", "run_token": "t", "bus_count": buses, "batches": 5,
               "manifest_key": manifest_key("c1")}
    status, entered = _run(client, _stubbed(calls, manifest), payload)
    assert status == "SUCCEEDED", entered
    assert entered[:2] == ["Route", "RunBatches"] and entered[-2:] == ["MergeBatches", "Done"]
    db = client("dynamodb")
    for i in range(5):
        item = db.get_item(TableName=calls, Key={"id": {"S": f"c1#{i}"}})["Item"]
        assert item["state"]["S"] == task and item["token"]["S"] == f"bt{i}"
    assert db.get_item(TableName=calls, Key={"id": {"S": "c1"}})["Item"]["state"]["S"] == "MergeBatches"


def test_a_failed_merge_fails_the_study(client, calls, manifest):
    """The catch path after the Map. (moto counts a failed Map iteration but does not evaluate the tolerated-failure
    threshold, so the Map's own Catch -> FailStudy is checked on the definition in test_map_definition; the
    handler side, BatchFailed stopping the campaign, in test_a_refused_batch_stops_the_map_and_fails_the_study.)"""
    payload = {"study_id": "c1", "run_token": "t", "bus_count": 14, "batches": 5, "manifest_key": manifest_key("c1")}
    status, entered = _run(client, _stubbed(calls, manifest, failing="MergeBatches"), payload)
    assert status == "FAILED" and entered[-3:] == ["MergeBatches", "FailStudy", "TaskFailed"], entered
    item = client("dynamodb").get_item(TableName=calls, Key={"id": {"S": "c1"}})["Item"]
    assert item["state"]["S"] == "FailStudy"
