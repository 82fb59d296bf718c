"""Properties of delivery timing over any zone, window, working days and starting moment."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

from bot.surveys.spread import is_sampled, jitter, run_key
from bot.surveys.timing import closing_instant, delivery_instant, reminder_instant
from bot.surveys.window import Window

# Zones with the awkward cases: 30- and 45-minute offsets, half-hour DST (Lord Howe), the
# date line, southern DST, changes at midnight (Santiago, Havana, Asuncion), Ramadan
# changes (Casablanca), no DST at all.
ZONES = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Pacific/Chatham",
    "Pacific/Kiritimati",
    "Pacific/Pago_Pago",
    "America/Santiago",
    "America/Havana",
    "America/Asuncion",
    "Africa/Casablanca",
    "Europe/London",
    "America/Los_Angeles",
]

clocks = st.integers(0, 23 * 60 + 59).map(lambda m: time(m // 60, m % 60))
windows = st.builds(
    lambda start, length, days: Window(
        start=start,
        end=time(*divmod(min(start.hour * 60 + start.minute + length, 23 * 60 + 59), 60)),
        days=frozenset(days),
    ),
    clocks.filter(lambda t: t < time(23, 29)),
    st.integers(30, 18 * 60),
    st.sets(st.integers(0, 6), min_size=1),
)
instants = st.datetimes(datetime(2026, 1, 1), datetime(2030, 12, 31)).map(
    lambda naive: naive.replace(tzinfo=UTC)
)


def inside(instant: datetime, window: Window, zone: ZoneInfo) -> bool:
    seen = instant.astimezone(zone)
    return seen.weekday() in window.days and window.start <= seen.time() < window.end


@given(
    st.sampled_from(ZONES),
    windows,
    instants,
    st.integers(-3, 10),
    st.floats(0, 1, exclude_max=True),
)
def test_every_delivery_is_inside_the_window_on_a_working_day_not_before_now(
    zone_name: str, window: Window, now: datetime, days_ahead: int, spot: float
) -> None:
    zone = ZoneInfo(zone_name)
    run_date = now.date() + timedelta(days=days_ahead)
    at = delivery_instant(window=window, run_date=run_date, zone=zone, jitter=spot, not_before=now)
    assert at >= now
    assert inside(at, window, zone), (at.astimezone(zone), window)
    assert at.astimezone(zone).date() >= run_date
    # No working day in between was skipped while its window was still open.
    first_possible = max(run_date, now.astimezone(zone).date())
    assert (at.astimezone(zone).date() - first_possible).days <= 8

    reminder = reminder_instant(
        window=window, delivered_at=at, zone=zone, after_days=2, jitter=spot
    )
    assert inside(reminder, window, zone) and reminder > at
    closes = closing_instant(window=window, delivered_at=at, zone=zone, open_days=3)
    assert closes > reminder


def changes_of(zone_name: str) -> list[date]:
    """The local dates around each UTC-offset change of a zone in 2026–2030."""
    zone, found = ZoneInfo(zone_name), []
    noon = datetime(2026, 1, 1, 12, tzinfo=UTC)
    for day in range(5 * 365):
        before, after = noon + timedelta(days=day), noon + timedelta(days=day + 1)
        if before.astimezone(zone).utcoffset() != after.astimezone(zone).utcoffset():
            found += [before.astimezone(zone).date(), after.astimezone(zone).date()]
    return found


CHANGES = {name: changes_of(name) for name in ZONES}
around_changes = st.sampled_from([n for n in ZONES if CHANGES[n]]).flatmap(
    lambda name: st.tuples(st.just(name), st.sampled_from(CHANGES[name]))
)


@given(around_changes, windows, st.integers(0, 40 * 60), st.floats(0, 1, exclude_max=True))
def test_deliveries_on_clock_change_days_stay_inside_the_window(
    change: tuple[str, date], window: Window, minutes_before: int, spot: float
) -> None:
    """Night windows on the very nights the clocks change, the cases a random date misses."""
    zone_name, run_date = change
    zone = ZoneInfo(zone_name)
    start_of_day = datetime.combine(run_date, time(0), zone).astimezone(UTC)
    now = start_of_day - timedelta(minutes=minutes_before)
    at = delivery_instant(window=window, run_date=run_date, zone=zone, jitter=spot, not_before=now)
    assert at >= now and inside(at, window, zone), (at.astimezone(zone), window)


@given(st.text(max_size=20), st.text(max_size=20))
def test_jitter_is_a_fraction_and_the_same_every_time(run: str, person: str) -> None:
    spot = jitter(run, person)
    assert 0 <= spot < 1
    assert jitter(run, person) == spot


def test_jitter_and_sampling_differ_from_run_to_run() -> None:
    people = [f"teams:tenant:{n}" for n in range(10_000)]
    first = run_key("weekly-impact", date(2027, 3, 3))
    second = run_key("weekly-impact", date(2027, 3, 10))
    chosen = {p for p in people if is_sampled(0.3, first, p)}
    again = {p for p in people if is_sampled(0.3, first, p)}
    next_week = {p for p in people if is_sampled(0.3, second, p)}
    assert chosen == again  # reproducible: the same run asks the same people
    assert 2_850 <= len(chosen) <= 3_150 and 2_850 <= len(next_week) <= 3_150
    assert 800 <= len(chosen & next_week) <= 1_000  # independent draws: ≈ 0.3 × 0.3
    moved = sum(abs(jitter(first, p) - jitter(second, p)) > 0.01 for p in people)
    assert moved > 9_500  # nobody is always first in the queue
    assert all(is_sampled(1.0, first, p) for p in people[:100])
