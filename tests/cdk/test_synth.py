"""The AWS deployment synthesizes offline with the pinned CDK CLI (what `make synth` runs), and its template has
every resource the design needs: checked with CDK assertions, cfn-lint (no errors) and cdk-nag's AwsSolutions
pack (no unsuppressed findings; every suppression carries its reason in cdk/gridsolve_cdk/stack.py)."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CDK = REPO / "cdk"


@pytest.fixture(scope="module")
def assembly(tmp_path_factory):
    cli = CDK / "node_modules" / ".bin" / "cdk"
    if not cli.exists():
        pytest.skip("cdk/node_modules is not installed (make install-cdk)")
    build = subprocess.run([sys.executable, str(REPO / "scripts" / "build_lambda_layers.py")], capture_output=True,
                           text=True)
    assert build.returncode == 0, build.stdout + build.stderr
    out = tmp_path_factory.mktemp("cdk")
    dist = out / "dist"
    (dist / "assets").mkdir(parents=True)
    (dist / "index.html").write_text("<!doctype html><title>GridSolve</title>")
    (dist / "assets" / "pf-abc123.wasm").write_bytes(b"\0asm\1\0\0\0")
    env = {**os.environ, "AWS_DEFAULT_REGION": "us-east-1", "CDK_DISABLE_VERSION_CHECK": "true",
           "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}
    for key in ("AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"):
        env.pop(key, None)  # synth needs no AWS account or credentials
    run = subprocess.run(["node", str(cli), "synth", "--no-notices", "--no-version-reporting", "-q", "-o",
                          str(out / "cdk.out"), "-c", f"web_dist={dist}"], cwd=CDK, env=env, capture_output=True,
                         text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    return out / "cdk.out"


@pytest.fixture(scope="module")
def template(assembly):
    return json.loads((assembly / "GridSolve.template.json").read_text())


def resources(template, kind):
    return {k: v for k, v in template["Resources"].items() if v["Type"] == kind}


def test_storage(template):
    buckets = resources(template, "AWS::S3::Bucket")
    assert len(buckets) == 3
    for b in buckets.values():
        p = b["Properties"]
        assert p["PublicAccessBlockConfiguration"] == {"BlockPublicAcls": True, "BlockPublicPolicy": True,
                                                        "IgnorePublicAcls": True, "RestrictPublicBuckets": True}
        assert p["BucketEncryption"]["ServerSideEncryptionConfiguration"][0]["ServerSideEncryptionByDefault"][
            "SSEAlgorithm"] == "AES256"
    rules = [r for b in buckets.values() for r in b["Properties"].get("LifecycleConfiguration", {}).get("Rules", [])]
    ia = next(r for r in rules if r.get("Id") == "results-to-ia")
    assert ia["Transitions"] == [{"StorageClass": "STANDARD_IA", "TransitionInDays": 30}]
    policies = resources(template, "AWS::S3::BucketPolicy").values()
    tls_only = [s for p in policies for s in p["Properties"]["PolicyDocument"]["Statement"]
                if s.get("Condition", {}).get("Bool", {}).get("aws:SecureTransport") == "false"]
    assert len(tls_only) == 3 and all(s["Effect"] == "Deny" for s in tls_only)
    tables = resources(template, "AWS::DynamoDB::Table")
    assert len(tables) == 5  # jobs, contingency batches, idempotency, rate limits, live connections
    assert all(t["Properties"]["PointInTimeRecoverySpecification"]["PointInTimeRecoveryEnabled"]
               for t in tables.values())
    jobs = next(t for t in tables.values() if t["Properties"]["KeySchema"][0]["AttributeName"] == "study_id")
    assert jobs["Properties"]["GlobalSecondaryIndexes"][0]["IndexName"] == "status-index"
    ttl = sorted(t["Properties"]["TimeToLiveSpecification"]["AttributeName"] for t in tables.values()
                 if "TimeToLiveSpecification" in t["Properties"])
    assert ttl == ["expiration", "expires_at", "expires_at"]
    cluster = next(iter(resources(template, "AWS::RDS::DBCluster").values()))["Properties"]
    assert cluster["Engine"] == "aurora-postgresql" and cluster["StorageEncrypted"] is True
    assert cluster["ServerlessV2ScalingConfiguration"] == {"MinCapacity": 0.5, "MaxCapacity": 8}
    assert resources(template, "AWS::SecretsManager::RotationSchedule")


def test_execution(template):
    machine = next(iter(resources(template, "AWS::StepFunctions::StateMachine").values()))["Properties"]
    definition = json.dumps(machine["DefinitionString"])
    assert "arn:aws:states:::ecs:runTask.sync" in definition and "arn:aws:states:::lambda:invoke" in definition
    assert set(machine["DefinitionSubstitutions"]) == {"LargeStudyBuses", "RunStudyFunctionArn",
                                                       "FailStudyFunctionArn", "ClusterArn", "TaskDefinitionArn",
                                                       "Subnets", "SecurityGroups", "RunBatchFunctionArn",
                                                       "MergeBatchesFunctionArn", "BlobBucket", "BatchConcurrency"}
    assert machine["TracingConfiguration"] == {"Enabled": True}
    task = next(iter(resources(template, "AWS::ECS::TaskDefinition").values()))["Properties"]
    assert task["Cpu"] == "4096" and task["RequiresCompatibilities"] == ["FARGATE"]
    # the solver tasks read the numba cache the image was built with (every kernel compiled by gridsolve.warm)
    solver_env = {e["Name"]: e["Value"] for e in task["ContainerDefinitions"][0]["Environment"]}
    dockerfile = (REPO / "fargate_solver" / "Dockerfile").read_text()
    assert solver_env["NUMBA_CACHE_DIR"] == "/opt/numba-cache"
    assert "NUMBA_CACHE_DIR=/opt/numba-cache" in dockerfile and "python -m gridsolve.warm" in dockerfile
    handlers = {f["Properties"]["Handler"] for f in resources(template, "AWS::Lambda::Function").values()
                if "Handler" in f["Properties"]}
    assert {"step_functions.handlers.run_study", "step_functions.handlers.fail_study",
            "step_functions.handlers.run_batch", "step_functions.handlers.merge_batches",
            "step_functions.handlers.migrate"} <= handlers
    layers = resources(template, "AWS::Lambda::LayerVersion")
    assert {"Execution/SolverLayer", "Execution/ServiceLayer"} <= {k for k in layers} or len(layers) >= 2


def _definition(machine: dict) -> dict:
    """The deployed definition with its substitutions' placeholders left in (they are CloudFormation tokens)."""
    text = machine["DefinitionString"]
    if not isinstance(text, str):  # a joined string of tokens
        text = "".join(p if isinstance(p, str) else "0" for p in text["Fn::Join"][1])
    return json.loads(text.replace("${BatchConcurrency}", "40").replace("${LargeStudyBuses}", "5000")
                      .replace("${Subnets}", "[]").replace("${SecurityGroups}", "[]"))


def test_contingency_fan_out(template):
    """The study machine fans a campaign's batches out over a distributed Map read from the S3 manifest, may start
    its own child executions and read the manifests, and the batch state has its DynamoDB table."""
    (mid, m), = resources(template, "AWS::StepFunctions::StateMachine").items()
    props = m["Properties"]
    d = _definition(props)
    fan = d["States"]["RunBatches"]
    assert fan["Type"] == "Map" and fan["ItemProcessor"]["ProcessorConfig"]["Mode"] == "DISTRIBUTED"
    assert fan["ItemReader"]["Resource"] == "arn:aws:states:::s3:getObject"
    assert fan["ItemReader"]["ReaderConfig"] == {"InputType": "JSON"} and fan["ToleratedFailurePercentage"] == 0
    assert {"RunBatchOnLambda", "RunBatchOnFargate"} <= set(fan["ItemProcessor"]["States"])
    assert props["DefinitionSubstitutions"]["BatchConcurrency"] == "40"
    assert props["DefinitionSubstitutions"]["BlobBucket"] == {"Ref": next(
        k for k in resources(template, "AWS::S3::Bucket") if k.startswith("StorageBlobs"))}
    role = props["RoleArn"]["Fn::GetAtt"][0]
    statements = [st for p in resources(template, "AWS::IAM::Policy").values()
                  if {"Ref": role} in p["Properties"]["Roles"] for st in p["Properties"]["PolicyDocument"]["Statement"]]

    def granted(action: str) -> list:
        return [st["Resource"] for st in statements
                if action in (st["Action"] if isinstance(st["Action"], list) else [st["Action"]])]

    name = props["StateMachineName"]
    start = json.dumps(granted("states:StartExecution"))
    assert start.count("stateMachine:") == 1 and name in start  # its own ARN only, no wildcard
    children = json.dumps(granted("states:DescribeExecution") + granted("states:StopExecution"))
    assert f"execution:{name}/*" in children
    reads = json.dumps(granted("s3:GetObject*"))
    assert "StorageBlobs" in reads and "/studies/*" in reads
    tables = resources(template, "AWS::DynamoDB::Table").values()
    batches = next(t["Properties"] for t in tables if t["Properties"]["KeySchema"][0]["AttributeName"] == "study_id"
                   and len(t["Properties"]["KeySchema"]) == 2)
    assert batches["KeySchema"][1] == {"AttributeName": "batch_index", "KeyType": "RANGE"}
    assert {"AttributeName": "batch_index", "AttributeType": "N"} in batches["AttributeDefinitions"]
    api_env = next(iter(resources(template, "AWS::Serverless::Function").values()))["Properties"]["Environment"]
    assert "GRIDSOLVE_BATCHES_TABLE" in api_env["Variables"]


def test_api_and_web(template):
    api_fn = next(iter(resources(template, "AWS::Serverless::Function").values()))["Properties"]
    env = api_fn["Environment"]["Variables"]
    assert env["GRIDSOLVE_RUNNER"] == "stepfunctions" and "GRIDSOLVE_STUDY_STATE_MACHINE_ARN" in env
    assert {"GRIDSOLVE_DB_SECRET_ARN", "GRIDSOLVE_JWT_SECRET_ARN", "GRIDSOLVE_STRIPE_SECRET_ARN"} <= set(env)
    secrets = resources(template, "AWS::SecretsManager::Secret")
    assert len(secrets) == 3  # database, JWT signing key, Stripe keys (filled in after deploy)
    assert len(api_fn["Layers"]) == 2 and api_fn["Tracing"] == "Active" and "VpcConfig" in api_fn
    dist = next(iter(resources(template, "AWS::CloudFront::Distribution").values()))["Properties"]["DistributionConfig"]
    assert dist["DefaultCacheBehavior"]["ViewerProtocolPolicy"] == "redirect-to-https"
    assert [b["PathPattern"] for b in dist["CacheBehaviors"]] == ["/api/*"]
    assert "WebACLId" in dist and resources(template, "AWS::CloudFront::OriginAccessControl")
    headers = next(iter(resources(template, "AWS::CloudFront::ResponseHeadersPolicy").values()))
    security = headers["Properties"]["ResponseHeadersPolicyConfig"]["SecurityHeadersConfig"]
    from chalicelib.http.headers import AWS_CONNECT, app_csp

    assert security["ContentSecurityPolicy"]["ContentSecurityPolicy"] == app_csp(AWS_CONNECT)  # the local server's
    assert "frame-ancestors 'none'" in security["ContentSecurityPolicy"]["ContentSecurityPolicy"]
    assert security["ContentTypeOptions"]["Override"] is True
    assert len(resources(template, "AWS::CloudWatch::Alarm")) >= 3 and resources(template, "AWS::SNS::Topic")


def test_api_sends_account_mail_through_ses(template):
    """Verification, unlock and password-reset mails go out through SES from the configured sender, with links
    on the public URL (an SSM parameter holding the CloudFront URL); only the API may send, and only as it."""
    api_fn = next(iter(resources(template, "AWS::Serverless::Function").values()))["Properties"]
    env = api_fn["Environment"]["Variables"]
    assert env["GRIDSOLVE_MAILER"] == "ses" and env["GRIDSOLVE_MAIL_FROM"] == "no-reply@gridsolve.example"
    param = next(iter(resources(template, "AWS::SSM::Parameter").values()))["Properties"]
    assert env["GRIDSOLVE_PUBLIC_URL_PARAMETER"] == param["Name"] == "/GridSolve/public-url"
    assert "DomainName" in json.dumps(param["Value"])  # https://<the distribution's domain>
    sends = []
    for name, pol in resources(template, "AWS::IAM::Policy").items():
        for st in pol["Properties"]["PolicyDocument"]["Statement"]:
            actions = st["Action"] if isinstance(st["Action"], list) else [st["Action"]]
            if any(a.startswith("ses:") for a in actions):
                sends.append((name, actions, st))
    assert len(sends) == 1 and sends[0][1] == ["ses:SendEmail"] and "ApiRole" in sends[0][0]
    statement = sends[0][2]
    assert statement["Condition"] == {"StringEquals": {"ses:FromAddress": "no-reply@gridsolve.example"}}
    assert "identity/gridsolve.example" in json.dumps(statement["Resource"])


def test_report_function_is_the_solver_image_with_pango(template, assembly):
    """Reports need Pango (WeasyPrint): the API and study Lambdas hand them to a Lambda running the solver image
    (built from the Fargate task's Dockerfile), which they may invoke and which alone renders."""
    images = [f["Properties"] for f in resources(template, "AWS::Lambda::Function").values()
              if f["Properties"].get("PackageType") == "Image"]
    assert len(images) == 1
    report = images[0]
    assert report["ImageConfig"] == {"Command": ["fargate_solver.report_handler.handler"],
                                     "EntryPoint": ["python", "-m", "awslambdaric"]}
    images = json.loads((assembly / "GridSolve.assets.json").read_text())["dockerImages"].values()
    assert len(images) == 2 and {i["source"]["dockerFile"] for i in images} == {"fargate_solver/Dockerfile"}
    api_env = next(iter(resources(template, "AWS::Serverless::Function").values()))["Properties"]["Environment"]
    assert "GRIDSOLVE_REPORT_FUNCTION" in api_env["Variables"]
    workers = [f["Properties"] for f in resources(template, "AWS::Lambda::Function").values()
               if f["Properties"].get("Handler") == "step_functions.handlers.run_study"]
    assert "GRIDSOLVE_REPORT_FUNCTION" in workers[0]["Environment"]["Variables"]
    assert "lambda:InvokeFunction" in json.dumps(resources(template, "AWS::IAM::Policy"))


def test_live_progress_websocket(template):
    ws = [v for v in resources(template, "AWS::ApiGatewayV2::Api").values()]
    assert len(ws) == 1 and ws[0]["Properties"]["ProtocolType"] == "WEBSOCKET"
    routes = {r["Properties"]["RouteKey"] for r in resources(template, "AWS::ApiGatewayV2::Route").values()}
    assert routes == {"$connect", "$default", "$disconnect"}
    stage = next(iter(resources(template, "AWS::ApiGatewayV2::Stage").values()))["Properties"]
    assert "AccessLogSettings" in stage
    workers = [f["Properties"] for f in resources(template, "AWS::Lambda::Function").values()
               if f["Properties"].get("Handler") == "step_functions.handlers.run_study"]
    assert "GRIDSOLVE_LIVE_ENDPOINT" in workers[0]["Environment"]["Variables"]
    policies = json.dumps(resources(template, "AWS::IAM::Policy"))
    assert "execute-api:ManageConnections" in policies


def test_cfn_lint_reports_no_errors(assembly):
    run = subprocess.run([sys.executable, "-m", "cfnlint", "--ignore-checks", "W3005", "--format", "parseable",
                          str(assembly / "GridSolve.template.json")], capture_output=True, text=True)
    errors = [line for line in run.stdout.splitlines() if ":E" in line]
    assert errors == [], "\n".join(errors)


def test_cdk_nag_has_no_unsuppressed_findings(assembly):
    report = next(assembly.glob("AwsSolutions-*GridSolve-NagReport.csv"))
    rows = list(csv.DictReader(report.read_text().splitlines()))
    bad = [(r["Rule ID"], r["Resource ID"]) for r in rows if r["Compliance"] == "Non-Compliant"]
    assert rows and bad == []
    suppressed = [r for r in rows if r["Compliance"] == "Suppressed"]
    assert all(r["Exception Reason"] not in ("", "N/A") for r in suppressed)
