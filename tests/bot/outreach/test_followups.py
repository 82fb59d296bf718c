"""When Groundswell follows up on a rating, told as what one person experiences."""

from __future__ import annotations

from bot.outreach.followups import FollowupPolicy
from bot.people.service import PeopleService
from bot.records import PersonRef, Platform
from storage.database import Database
from tests.support.secrets import FINGERPRINT_KEY

DANA = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U_DANA")


async def test_one_question_per_answer_and_a_daily_cap(database: Database) -> None:
    people = PeopleService(database, [], fingerprint_key=FINGERPRINT_KEY)
    policy = FollowupPolicy(database, on_down=True, on_up=True, down_per_day=2)
    await people.see(DANA)
    asked = [await policy.claim_after_down(DANA, output_id) for output_id in (1, 1, 2, 3)]
    # Answer 1 again: already asked. Answer 3: the third question today, over the cap of 2.
    assert asked == [True, False, True, False]


async def test_share_a_win_at_most_once_a_week(database: Database) -> None:
    await PeopleService(database, [], fingerprint_key=FINGERPRINT_KEY).see(DANA)
    policy = FollowupPolicy(database, on_down=True, on_up=True, down_per_day=5)
    assert [await policy.claim_after_up(DANA) for _ in range(3)] == [True, False, False]


async def test_nobody_who_opted_out_is_asked(database: Database) -> None:
    people = PeopleService(database, [], fingerprint_key=FINGERPRINT_KEY)
    policy = FollowupPolicy(database, on_down=True, on_up=True, down_per_day=5)
    await people.opt_out(DANA)
    assert await policy.claim_after_down(DANA, 1) is False
    assert await policy.claim_after_up(DANA) is False
    await people.opt_in(DANA)
    assert await policy.claim_after_down(DANA, 1) is True


async def test_switched_off_follow_ups_never_ask(database: Database) -> None:
    await PeopleService(database, [], fingerprint_key=FINGERPRINT_KEY).see(DANA)
    policy = FollowupPolicy(database, on_down=False, on_up=False, down_per_day=5)
    assert await policy.claim_after_down(DANA, 1) is False
    assert await policy.claim_after_up(DANA) is False
