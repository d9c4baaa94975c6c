"""Where GridSolve keeps things on AWS: S3 buckets (blobs, the web app, access logs), DynamoDB tables (study job
state, contingency batches and their results' keys, idempotency records, rate limits) and Aurora PostgreSQL
Serverless v2 (the relational metadata, with the same SQLAlchemy models and Alembic migrations as the local
default)."""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_dynamodb as ddb
from aws_cdk import aws_ec2 as ec2
from aws_cdk import aws_rds as rds
from aws_cdk import aws_s3 as s3
from constructs import Construct


def _bucket(scope: Construct, cid: str, logs: s3.IBucket | None, **kw) -> s3.Bucket:
    """Private, TLS-only, encrypted, versioned; access logs to `logs`."""
    return s3.Bucket(
        scope, cid, block_public_access=s3.BlockPublicAccess.BLOCK_ALL, enforce_ssl=True,
        encryption=s3.BucketEncryption.S3_MANAGED, versioned=True, removal_policy=RemovalPolicy.RETAIN,
        server_access_logs_bucket=logs, server_access_logs_prefix=f"s3/{cid.lower()}/" if logs else None, **kw)


class Storage(Construct):
    def __init__(self, scope: Construct, cid: str, *, vpc: ec2.IVpc) -> None:
        super().__init__(scope, cid)
        # Access logs of the other buckets and of CloudFront (which writes with ACLs).
        self.logs = _bucket(self, "Logs", None, object_ownership=s3.ObjectOwnership.OBJECT_WRITER,
                            lifecycle_rules=[s3.LifecycleRule(expiration=Duration.days(365))])
        # Study inputs, results, reports, equipment model files. Results go to infrequent access after 30 days.
        self.blobs = _bucket(self, "Blobs", self.logs, lifecycle_rules=[
            s3.LifecycleRule(id="results-to-ia", prefix="studies/", transitions=[
                s3.Transition(storage_class=s3.StorageClass.INFREQUENT_ACCESS, transition_after=Duration.days(30))]),
            s3.LifecycleRule(id="old-versions", noncurrent_version_expiration=Duration.days(30)),
        ])
        self.web = _bucket(self, "WebApp", self.logs)

        def table(tid: str, pk: str, sk: str | None = None, ttl: str | None = None,
                  sk_type: ddb.AttributeType = ddb.AttributeType.STRING) -> ddb.Table:
            return ddb.Table(
                self, tid, partition_key=ddb.Attribute(name=pk, type=ddb.AttributeType.STRING),
                sort_key=ddb.Attribute(name=sk, type=sk_type) if sk else None,
                billing_mode=ddb.BillingMode.PAY_PER_REQUEST, time_to_live_attribute=ttl,
                point_in_time_recovery_specification=ddb.PointInTimeRecoverySpecification(
                    point_in_time_recovery_enabled=True),
                encryption=ddb.TableEncryption.AWS_MANAGED, removal_policy=RemovalPolicy.RETAIN)

        # chalicelib/studies/dynamo_repository.py: StudyJob (study_id; status-index on status, created_at)
        self.jobs = table("Jobs", "study_id")
        self.jobs.add_global_secondary_index(
            index_name="status-index", partition_key=ddb.Attribute(name="status", type=ddb.AttributeType.STRING),
            sort_key=ddb.Attribute(name="created_at", type=ddb.AttributeType.STRING))
        # chalicelib/studies/dynamo_batches.py: StudyBatchItem, one per batch of a contingency campaign (its state,
        # run token and the S3 key of its per-contingency results)
        self.batches = table("StudyBatches", "study_id", "batch_index", sk_type=ddb.AttributeType.NUMBER)
        self.idempotency = table("Idempotency", "id", ttl="expiration")
        self.rate_limits = table("RateLimits", "key", ttl="expires_at")
        # chalicelib/studies/live_notify.py: WebSocket connections and their study subscriptions
        self.live = table("LiveConnections", "pk", "sk", ttl="expires_at")

        self.db_security_group = ec2.SecurityGroup(self, "DatabaseSg", vpc=vpc, allow_all_outbound=False,
                                                   description="Aurora PostgreSQL: reachable from the service")
        self.database = rds.DatabaseCluster(
            self, "Metadata", engine=rds.DatabaseClusterEngine.aurora_postgres(
                version=rds.AuroraPostgresEngineVersion.VER_16_4),
            credentials=rds.Credentials.from_generated_secret("gridsolve"), default_database_name="gridsolve",
            writer=rds.ClusterInstance.serverless_v2("writer"),
            readers=[rds.ClusterInstance.serverless_v2("reader", scale_with_writer=True)],
            serverless_v2_min_capacity=0.5, serverless_v2_max_capacity=8,
            vpc=vpc, vpc_subnets=ec2.SubnetSelection(subnet_type=ec2.SubnetType.PRIVATE_ISOLATED),
            security_groups=[self.db_security_group], storage_encrypted=True, iam_authentication=True,
            deletion_protection=True, backup=rds.BackupProps(retention=Duration.days(7)),
            cloudwatch_logs_exports=["postgresql"], removal_policy=RemovalPolicy.SNAPSHOT)
        assert self.database.secret is not None
        self.database.add_rotation_single_user(automatically_after=Duration.days(30))
