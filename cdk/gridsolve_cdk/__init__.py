"""The GridSolve AWS CDK app: see cdk/README.md."""
