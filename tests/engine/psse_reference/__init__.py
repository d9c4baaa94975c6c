"""The per-record PSS/E reader kept as a test oracle."""
