"""The chaos scenarios as tests. The fast ones run in ``make test``; the full-size ones only with
``JOBMATCH_CHAOS_FULL=1`` (``make chaos`` runs them all through ``python -m tests.chaos``).

Each scenario starts its own three service processes on RabbitMQ and PostgreSQL; a failure
message is the scenario's report (counts, notes, where its logs were kept).
"""

from __future__ import annotations

import os

import pytest

from tests.chaos import scenarios

pytestmark = [pytest.mark.chaos, pytest.mark.rabbitmq, pytest.mark.postgres, pytest.mark.e2e]

full_only = pytest.mark.skipif(
    os.environ.get("JOBMATCH_CHAOS_FULL") != "1",
    reason="full-size chaos scenario: run `make chaos`, or set JOBMATCH_CHAOS_FULL=1",
)


def _passes(result) -> None:
    assert result.ok, "\n" + result.report()


# -- fast: part of `make test` -------------------------------------------------------------------


def test_a_short_broker_outage_loses_nothing_and_intake_keeps_answering():
    _passes(scenarios.FAST["outage"]())


def test_duplicated_and_reordered_events_have_one_effect_each():
    _passes(scenarios.FAST["duplicates"]())


def test_poison_messages_are_dead_lettered_and_the_next_message_is_processed():
    _passes(scenarios.FAST["poison"]())


def test_each_service_exits_cleanly_on_sigterm_mid_stream_and_nothing_is_lost():
    _passes(scenarios.FAST["sigterm"]())


def test_matcher_replicas_share_the_work_one_killed_one_late_and_nothing_is_lost():
    _passes(scenarios.FAST["matcher-replicas"]())


# -- full size: `make chaos` / JOBMATCH_CHAOS_FULL=1 ---------------------------------------------


@full_only
def test_baseline_each_cv_matches_exactly_one_posting_and_is_notified_once():
    _passes(scenarios.FULL["baseline"]())


@full_only
def test_a_ten_second_broker_outage_during_500_cvs_loses_nothing_and_intake_keeps_answering():
    _passes(scenarios.FULL["outage"]())


@full_only
def test_matcher_killed_twice_mid_stream_loses_and_duplicates_nothing():
    _passes(scenarios.FULL["matcher-kill"]())


@full_only
def test_notifier_killed_while_writing_the_outbox_records_each_notification_once():
    _passes(scenarios.FULL["notifier-kill"]())


@full_only
def test_notifier_killed_while_sending_over_smtp_records_each_notification_once():
    _passes(scenarios.FULL["notifier-kill-smtp"]())


@full_only
def test_150_cvs_through_matcher_replicas_one_killed_one_late_lose_and_duplicate_nothing():
    _passes(scenarios.FULL["matcher-replicas"]())
