"""The portal's requests: a correlation id passed on to the services it calls, an access line each, /metrics."""

from __future__ import annotations

import json
import logging

from shared.log_context import ContextFilter
from shared.logs import ServiceJsonFormatter


def test_a_page_passes_its_correlation_id_to_the_services_it_calls_and_counts_its_route(portal, caplog):
    caplog.set_level(logging.INFO, logger="jobmatch.access")
    caplog.handler.addFilter(ContextFilter())
    answer = portal.get("/", headers={"X-Correlation-ID": "portal-req-1"})
    assert answer.status_code == 200 and answer.headers["X-Correlation-ID"] == "portal-req-1"

    lines = [json.loads(ServiceJsonFormatter("test").format(r)) for r in caplog.records if r.name == "jobmatch.access"]
    assert {line["correlation_id"] for line in lines} == {"portal-req-1"}
    assert len(lines) >= 2  # the page, and at least one call it made to a service

    metrics = portal.get("/metrics").get_data(as_text=True)
    assert 'jobmatch_http_requests_total{method="GET",route="/",status="200"} 1.0' in metrics
    assert "process_cpu_seconds_total" in metrics
