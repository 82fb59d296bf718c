"""The digest as Markdown: `groundswell digest --format markdown`, and the text of the chat
message (Slack mrkdwn and Teams both read its bold and bullets)."""

from __future__ import annotations

from bot.reports import figures as fig

SUPPRESSED = "_suppressed (fewer than {n} people)_"


def percent(rate: float | None) -> str:
    return "too little data" if rate is None else f"{rate:.0%}"


def interval(ci: tuple[float, float] | None) -> str:
    return "" if ci is None else f" (95% CI {ci[0]:.0%}–{ci[1]:.0%})"


def minutes_range(minutes: fig.MinutesSaved | None) -> str:
    if minutes is None:
        return "–"
    low = f"{minutes.low / 60:.1f}"
    surveyed = f" (with {minutes.survey_answers} pulse answers)" if minutes.survey_answers else ""
    if minutes.high is None:
        return f"at least {low} h{surveyed}"
    high = f"{minutes.high / 60:.1f}"
    return (f"{low} h" if low == high else f"{low}–{high} h") + surveyed


def render_markdown(digest: fig.Digest, *, bold: str = "**") -> str:
    """`bold` is "*" for Slack mrkdwn."""
    b = bold
    hidden = SUPPRESSED.format(n=digest.min_group_size)
    lines = [f"{b}Groundswell digest, week {digest.week}{b}", ""]
    lines.append(f"{b}Success criteria{b}")
    if not digest.criteria:
        lines.append("- none written down yet (GROUNDSWELL_PROGRAMME_FILE)")
    for item in digest.criteria:
        target = f"{item.target:.0%}" if item.target <= 1 else f"{item.target:g}"
        if item.criterion == "hours saved per month":
            target = f"{item.target:g} h"
        elif item.criterion == "wins per month":
            target = f"{item.target:g}"
        lines.append(
            f"- {item.assistant} / {item.use_case}: {item.criterion} {item.actual} "
            f"(target {target}) → {b}{item.verdict}{b}"
        )
    if digest.flags:
        lines += ["", f"{b}Flags{b}"]
        lines += [f"- ⚠️ {flag.message}" for flag in digest.flags]
    r = digest.ratings
    lines += ["", f"{b}Ratings{b}"]
    if r.suppressed:
        lines.append(f"- {hidden}")
    else:
        lines.append(
            f"- 👍 {r.up} · 👎 {r.down} from {r.people} people · helpful "
            f"{percent(r.helpful_rate)}{interval(r.helpful_rate_ci)}"
        )
    if digest.coverage.rate is not None:
        lines.append(
            f"- {digest.coverage.rate:.0%} of {digest.coverage.registered} answers got feedback"
        )
    for row in digest.by_use_case:
        name = f"{row.assistant} / {row.use_case}"
        if row.suppressed:
            lines.append(f"- {name}: {hidden}")
            continue
        change = ""
        if row.change is not None:
            change = f", {row.change:+.0%} vs last week"
            change += " (beyond noise)" if row.beyond_noise else " (within noise)"
        lines.append(
            f"- {name}: 👍 {row.up} 👎 {row.down}, helpful {percent(row.helpful_rate)}"
            f"{interval(row.helpful_rate_ci)}{change}"
        )
    w = digest.wins
    lines += ["", f"{b}Wins{b}"]
    if w.suppressed:
        lines.append(f"- {hidden}")
    else:
        lines.append(
            f"- {w.count} wins from {w.people} people, time saved {minutes_range(w.minutes_saved)}"
        )
        for highlight in w.highlights:
            who = f" — {highlight.author}" if highlight.author else ""
            lines.append(f"  - “{highlight.text}”{who}")
    if digest.pulse:
        lines += ["", f"{b}Pulse surveys{b}"]
    for run in digest.pulse:
        if run.suppressed:
            lines.append(f"- {run.survey} ({run.run_date}): {run.invited} asked, {hidden}")
        else:
            lines.append(
                f"- {run.survey} ({run.run_date}): {run.answered}/{run.invited} answered "
                f"({percent(run.response_rate)})"
            )
    if digest.reasons or digest.themes:
        lines += ["", f"{b}What goes wrong{b}"]
    for reason in digest.reasons:
        count = hidden if reason.suppressed else str(reason.count)
        lines.append(f"- {reason.label}: {count}")
    for theme in digest.themes:
        count = hidden if theme.suppressed else f"{theme.count} comments"
        lines.append(f"- theme “{theme.label}”: {count}")
        lines += [f"  - “{quote}”" for quote in theme.quotes]
    a = digest.advocates
    lines += ["", f"{b}Advocates{b}"]
    if a.leads_only:
        lines.append("- new candidates: in the programme leads' digest")
    elif not a.new_candidates:
        lines.append("- no new candidates this week")
    for candidate in a.new_candidates[:10]:
        where = f" ({candidate.department})" if candidate.department else ""
        lines.append(f"- {candidate.name or 'someone'}{where}: {candidate.explanation}")
    lines.append(
        f"- {a.champions.count} champions: {a.champions.wins} wins and "
        f"{a.champions.ratings} ratings this week"
    )
    return "\n".join(lines)
