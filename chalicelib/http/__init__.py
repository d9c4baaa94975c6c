"""HTTP plumbing: the route decorator (auth, one transaction, JSON errors, OpenAPI), the error types and their one
body shape, the OpenAPI component schemas, and the local server."""
