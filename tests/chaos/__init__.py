"""Chaos scenarios: faults injected into the three services on real RabbitMQ and PostgreSQL.

``python -m tests.chaos`` (``make chaos``) runs them and prints a table; ``tests/chaos/test_chaos.py``
runs them under pytest. See ``tests/chaos/README.md``.
"""
