"""The browser app on CloudFront: the single-page app and its WebAssembly solver from the web bucket (origin access
control; the hashed assets and the .wasm cached for a year, index.html revalidated), `/api/*` to API Gateway
uncached, the same security headers as the local server, access logs, and a WAF web ACL (AWS managed common rules
and a per-IP rate limit) unless the context says `waf=false`."""

from __future__ import annotations

import sys
from pathlib import Path

from aws_cdk import Duration, Fn, Stack
from aws_cdk import aws_cloudfront as cf
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from aws_cdk import aws_s3_deployment as s3d
from aws_cdk import aws_wafv2 as waf
from constructs import Construct

from .bundle import REPO

sys.path.insert(0, str(REPO))
from chalicelib.http.headers import AWS_CONNECT, app_csp  # noqa: E402

# The local server's security headers (chalicelib/http/headers.py, the one list), with the live-progress
# WebSocket's origin (wss:) allowed
CSP = app_csp(AWS_CONNECT)
LONG_CACHE = s3d.CacheControl.from_string("public, max-age=31536000, immutable")


class Web(Construct):
    def __init__(self, scope: Construct, cid: str, *, bucket: s3.IBucket, logs: s3.IBucket, rest_api_id: str,
                 api_stage: str, dist: Path, with_waf: bool) -> None:
        super().__init__(scope, cid)
        security = cf.ResponseSecurityHeadersBehavior(
            content_security_policy=cf.ResponseHeadersContentSecurityPolicy(content_security_policy=CSP, override=True),
            content_type_options=cf.ResponseHeadersContentTypeOptions(override=True),
            frame_options=cf.ResponseHeadersFrameOptions(frame_option=cf.HeadersFrameOption.DENY, override=True),
            referrer_policy=cf.ResponseHeadersReferrerPolicy(
                referrer_policy=cf.HeadersReferrerPolicy.NO_REFERRER, override=True),
            strict_transport_security=cf.ResponseHeadersStrictTransportSecurity(
                access_control_max_age=Duration.days(365), include_subdomains=True, override=True))
        headers = cf.ResponseHeadersPolicy(self, "SecurityHeaders", security_headers_behavior=security)
        region = Stack.of(self).region
        api_origin = origins.HttpOrigin(Fn.join("", [rest_api_id, f".execute-api.{region}.amazonaws.com"]),
                                        origin_path=f"/{api_stage}",
                                        protocol_policy=cf.OriginProtocolPolicy.HTTPS_ONLY)
        self.distribution = cf.Distribution(
            self, "Distribution", default_root_object="index.html",
            default_behavior=cf.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(bucket),
                viewer_protocol_policy=cf.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                cache_policy=cf.CachePolicy.CACHING_OPTIMIZED, response_headers_policy=headers, compress=True),
            additional_behaviors={"/api/*": cf.BehaviorOptions(
                origin=api_origin, viewer_protocol_policy=cf.ViewerProtocolPolicy.HTTPS_ONLY,
                allowed_methods=cf.AllowedMethods.ALLOW_ALL, cache_policy=cf.CachePolicy.CACHING_DISABLED,
                origin_request_policy=cf.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
                response_headers_policy=headers)},
            # the single-page app's client routes answer with index.html
            error_responses=[cf.ErrorResponse(http_status=403, response_http_status=200,
                                              response_page_path="/index.html", ttl=Duration.seconds(0))],
            enable_logging=True, log_bucket=logs, log_file_prefix="cloudfront/",
            web_acl_id=self._web_acl().attr_arn if with_waf else None)
        # Hashed assets (and the .wasm, served as application/wasm) are immutable; index.html is revalidated.
        s3d.BucketDeployment(self, "Assets", destination_bucket=bucket, sources=[s3d.Source.asset(str(dist))],
                             exclude=["index.html"], cache_control=[LONG_CACHE], prune=False)
        s3d.BucketDeployment(self, "Index", destination_bucket=bucket,
                             sources=[s3d.Source.asset(str(dist), exclude=["*", "!index.html"])],
                             cache_control=[s3d.CacheControl.no_cache()], prune=False,
                             distribution=self.distribution, distribution_paths=["/index.html"])

    def _web_acl(self) -> waf.CfnWebACL:
        def managed(name: str, priority: int) -> waf.CfnWebACL.RuleProperty:
            return waf.CfnWebACL.RuleProperty(
                name=name, priority=priority, override_action=waf.CfnWebACL.OverrideActionProperty(none={}),
                statement=waf.CfnWebACL.StatementProperty(managed_rule_group_statement=waf.CfnWebACL.ManagedRuleGroupStatementProperty(
                    vendor_name="AWS", name=name)),
                visibility_config=_visibility(name))

        rate = waf.CfnWebACL.RuleProperty(
            name="PerIpRateLimit", priority=10, action=waf.CfnWebACL.RuleActionProperty(block={}),
            statement=waf.CfnWebACL.StatementProperty(rate_based_statement=waf.CfnWebACL.RateBasedStatementProperty(
                limit=2000, aggregate_key_type="IP")),
            visibility_config=_visibility("PerIpRateLimit"))
        return waf.CfnWebACL(self, "WebAcl", scope="CLOUDFRONT",
                             default_action=waf.CfnWebACL.DefaultActionProperty(allow={}),
                             rules=[managed("AWSManagedRulesCommonRuleSet", 1),
                                    managed("AWSManagedRulesKnownBadInputsRuleSet", 2), rate],
                             visibility_config=_visibility("GridSolveWebAcl"))


def _visibility(name: str) -> waf.CfnWebACL.VisibilityConfigProperty:
    return waf.CfnWebACL.VisibilityConfigProperty(cloud_watch_metrics_enabled=True, metric_name=name,
                                                  sampled_requests_enabled=True)
