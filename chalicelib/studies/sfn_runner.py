"""The AWS runner: a study becomes a Step Functions execution (the same `Runner` interface as the process pool).

The state machine (step_functions/study.asl.json) runs the study in a Lambda task, or in a Fargate task above
`GRIDSOLVE_LARGE_STUDY_BUSES`, a batched study (contingency) as a distributed Map over its batches, and fails
the study with the cause when a task itself fails. Executions are
named after the study and its run token, so submitting the same attempt twice starts it once.
"""

from __future__ import annotations

import json
from typing import Any

import boto3

from chalicelib.studies.batches import manifest_key


def execution_name(study_id: str, run_token: str) -> str:
    return f"study-{study_id}-{run_token[:16]}"


class StepFunctionsRunner:
    name = "stepfunctions"

    def __init__(self, state_machine_arn: str, client: Any = None, region: str | None = None) -> None:
        self.state_machine_arn = state_machine_arn
        self.client = client or boto3.client("stepfunctions", region_name=region)

    def submit(self, study_id: str, run_token: str, *, bus_count: int | None = None, batches: int = 0) -> None:
        """Start the study's execution; a batched study's carries its manifest's key (the Map reads it)."""
        payload: dict[str, Any] = {"study_id": study_id, "run_token": run_token, "bus_count": int(bus_count or 0),
                                   "batches": int(batches)}
        if batches:
            payload["manifest_key"] = manifest_key(study_id)
        try:
            self.client.start_execution(
                stateMachineArn=self.state_machine_arn, name=execution_name(study_id, run_token),
                input=json.dumps(payload))
        except self.client.exceptions.ExecutionAlreadyExists:
            return  # this attempt is already running (a retried submit)

    def describe(self, study_id: str, run_token: str) -> dict[str, Any]:
        """The execution's status (RUNNING, SUCCEEDED, FAILED, ...), for operators and tests."""
        arn = self.state_machine_arn.replace(":stateMachine:", ":execution:") + ":" + execution_name(study_id,
                                                                                                    run_token)
        return self.client.describe_execution(executionArn=arn)

    def cancel(self, study_id: str, run_token: str | None = None) -> None:
        """Stop the execution of a cancelled or deleted study (best effort: its task also stops at its next
        conditional write)."""
        if not run_token:
            return
        arn = self.state_machine_arn.replace(":stateMachine:", ":execution:") + ":" + execution_name(study_id,
                                                                                                    run_token)
        try:
            self.client.stop_execution(executionArn=arn, cause="study cancelled")
        except Exception:  # noqa: BLE001 - not started, already finished, or the service is unreachable
            return

    def shutdown(self) -> None:
        return None
