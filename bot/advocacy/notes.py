"""A champion's weekly note: the monthly recap of their impact, or a help-wanted theme.

The recap is due a month after they accepted, then monthly; in other weeks a help-wanted note
names the use case most people in their department gave a 👎 this week — a count and a theme,
never a person, and only when at least the minimum group size of different people share it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.advocacy.wins import describe_minutes
from bot.chat.messenger import Choice, Outgoing
from storage.database import Session
from storage.repositories import advocate_steps as steps_repo
from storage.repositories import champions as champions_repo
from storage.repositories.advocates import AdvocateEntry

CHAMPION_STEP_DOWN = "champion_step_down"
RECAP = "champion-recap"
HELP_WANTED = "champion-help"
RECAP_EVERY = timedelta(days=28)
STEP_DOWN = Choice(label="Step down", action=CHAMPION_STEP_DOWN)


def note_for(
    session: Session, champion: AdvocateEntry, now: datetime, *, min_people: int
) -> Outgoing | None:
    """This week's one note, or None when there is nothing worth their attention."""
    last = steps_repo.recapped_at(session, person_id=champion.person_id)
    last = last or champion.accepted_at
    if last is None or now - last >= RECAP_EVERY:
        return recap(session, champion, now)
    if not champion.department:
        return None
    themes = champions_repo.department_themes(
        session,
        department=champion.department,
        since=now - timedelta(days=7),
        min_people=min_people,
    )
    if not themes:
        return None
    use_case, people = themes[0]
    return Outgoing(
        kind=HELP_WANTED,
        title="Help wanted",
        text=f"{people} people in {champion.department} struggled with {use_case} this "
        "week. If you have a way that works, sharing it with your team could help.",
        choices=(STEP_DOWN,),
    )


def recap(session: Session, champion: AdvocateEntry, now: datetime) -> Outgoing:
    since = now - timedelta(days=30)
    wins, minutes = champions_repo.count_wins_since(
        session, person_id=champion.person_id, since=since
    )
    use_cases = champions_repo.use_cases_of(session, person_id=champion.person_id)
    ratings = champions_repo.count_ratings(session, use_cases=use_cases, since=since)
    lines = [f"In the last 30 days you shared {wins} win{'s' if wins != 1 else ''}"]
    if minutes:
        lines[0] += f", about {describe_minutes(minutes)} saved"
    lines[0] += "."
    rated = ratings.get("up", 0) + ratings.get("down", 0)
    if rated:
        share = round(100 * ratings.get("up", 0) / rated)
        lines.append(
            f"Answers for your use cases ({', '.join(use_cases)}) were rated helpful "
            f"{share}% of {rated} times."
        )
    lines.append("Thank you for championing the assistant!")
    return Outgoing(
        kind=RECAP, title="Your monthly impact recap", text="\n".join(lines), choices=(STEP_DOWN,)
    )
