"""The AWS execution of studies: Step Functions state machines (ASL JSON beside this file, with
${Substitutions} filled in by the CDK app) and the Lambda task handlers they call."""
