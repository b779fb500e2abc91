"""Reference implementations the tests and benchmarks compare the service's code with; never installed."""
