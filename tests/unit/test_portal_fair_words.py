"""The fair-day pages name, in both languages, every status, stage, outcome and breakdown fairday answers with, and use its limits."""

from __future__ import annotations

from fairday import queues
from fairday.funnel import GROUPINGS, STAGES
from fairday.schemas import MAX_NOTE
from portal.catalogue import BN, EN
from portal.pages import fair_funnel, interview, stall
from shared.events.schemas import OUTCOMES


def test_every_status_stage_outcome_breakdown_and_notice_has_words_in_both_languages():
    statuses = (queues.WAITING, queues.CALLED, queues.INTERVIEWED, queues.NO_SHOW, queues.BUSY)
    needed = ({f"qstatus.{s}" for s in statuses} | {f"stage.{s}" for s in STAGES} | {f"outcome.{o}" for o in OUTCOMES}
              | {f"funnel.by.{by}" for by in GROUPINGS} | {f"stall.done.{n}" for n in stall.NOTICES}
              | {f"rating.{r}" for r in interview.RATINGS})
    assert needed - set(EN) == set() and needed - set(BN) == set()


def test_the_pages_use_fairdays_own_limits_and_breakdowns():
    assert interview.NOTE_LIMIT == MAX_NOTE
    assert fair_funnel.GROUPINGS == GROUPINGS
