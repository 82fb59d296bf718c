"""Advocate candidates: scored from wins on a schedule and whenever a new win lands.

A candidate is a proposal with its evidence, nothing more: only a lead's approval moves it on
(bot/advocacy/review.py), and scoring never touches a decided status.
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import UTC, datetime, timedelta

from bot.advocacy.champions import ChampionProgramme
from bot.advocacy.scoring import AUDIENCE_ORDER, Score, ranked, score_person
from bot.people.groups import AudienceGroup, AudienceGroups
from bot.records import PersonRef
from bot.settings import AdvocacySettings
from storage.database import Database, Session
from storage.repositories import advocates as advocates_repo
from storage.repositories import people as people_repo
from storage.repositories.advocates import AdvocateEntry

log = logging.getLogger(__name__)

STATUSES = ("candidate", "approved", "invited", "champion", "dismissed", "declined", "stepped_down")


class AdvocacyService:
    def __init__(
        self,
        database: Database,
        settings: AdvocacySettings,
        groups: AudienceGroups,
        champions: ChampionProgramme | None = None,
    ) -> None:
        self._db = database
        self._settings = settings
        self._groups = groups
        self._champions = champions

    async def tick(self, now: datetime) -> None:
        """The scheduled pass: rescore everyone, invite approved advocates the budget held
        back, and write this week's note to each champion."""
        scores = await self.rescore(now)
        log.info("advocates rescored (%d people)", len(scores))
        if self._champions is not None:
            entries = await self.list(("approved", "champion"))
            await self._champions.tick(now, entries)

    async def rescore(self, now: datetime, person: PersonRef | None = None) -> list[Score]:
        """Recompute scores (everyone, or one person after a new win); propose new candidates,
        withdraw undecided ones who no longer qualify. Returns the scores, ranked."""
        since = now - timedelta(days=self._settings.lookback_days)

        def work(session: Session) -> list[Score]:
            person_id = None
            if person is not None:
                person_id = people_repo.find_person_id(session, ref=person)
                if person_id is None:
                    return []
            lines = advocates_repo.load_people_with_wins(session, since=since, person_id=person_id)
            scores = [
                score_person(
                    line,
                    now=now,
                    groups=self._groups,
                    half_life_days=self._settings.half_life_days,
                    min_win_days=self._settings.min_win_days,
                )
                for line in lines
            ]
            for score in scores:
                self._save(session, score, now)
            return scores

        # Rescoring everyone is a long unit: apart from the writer lanes, so no 👍 waits on it.
        run = self._db.run if person is not None else self._db.run_apart
        return ranked(await run(work))

    def _save(self, session: Session, score: Score, now: datetime) -> None:
        if not score.candidate:
            advocates_repo.withdraw_candidate(session, person_id=score.person_id)
        advocates_repo.save_score(
            session,
            person_id=score.person_id,
            values={
                "score": score.score,
                "explanation": score.explanation,
                "audience": score.audience.value,
                "evidence": score.evidence(),
                "updated_at": now,
            },
            propose=score.candidate,
            now=now,
            proposed_at=min(now, score.latest_win_at or now),
        )

    async def on_new_win(self, person: PersonRef, at: datetime) -> None:
        """WinService calls this after storing a detected win."""
        await self.rescore(datetime.now(UTC), person)

    async def list(self, statuses: Collection[str] | None = None) -> list[AdvocateEntry]:
        """Ranked the way a lead reads them: business, then IT, then the AI team. Someone who
        opted out since the last scoring is not shown as a candidate."""
        entries = await self._db.run(
            lambda session: advocates_repo.list_advocates(session, statuses=statuses)
        )
        entries = [e for e in entries if not (e.opted_out and e.status == "candidate")]
        return sorted(entries, key=lambda e: (audience_rank(e.audience), -e.score, e.person_id))

    async def find(self, person_id: int) -> AdvocateEntry | None:
        found = await self._db.run(
            lambda session: advocates_repo.list_advocates(session, person_id=person_id)
        )
        return found[0] if found else None


def audience_rank(audience: str | None) -> int:
    try:
        return AUDIENCE_ORDER[AudienceGroup(audience or "business")]
    except ValueError:
        return len(AUDIENCE_ORDER)
