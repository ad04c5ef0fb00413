"""A synthetic B2B world for demos, tests and benchmarks."""
