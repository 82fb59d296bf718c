"""A survey as the form the adapters render, and the answers that come back from it."""

from __future__ import annotations

from bot.surveys.catalog import SurveyCatalog
from bot.surveys.form import AnswerProblem, check_answers, form_for, next_field, visible_fields
from bot.surveys.loading import load_surveys
from bot.surveys.questions import QuestionKind


def shipped(name: str):  # type: ignore[no-untyped-def]
    catalog = load_surveys(None)
    assert isinstance(catalog, SurveyCatalog)
    survey = catalog.get(name)
    assert survey is not None
    return form_for(survey)


def test_the_weekly_pulse_as_a_form() -> None:
    form = shipped("weekly-impact")
    assert (form.survey, form.title, form.anonymous) == (
        "weekly-impact",
        "Weekly AI impact pulse",
        False,
    )
    helped, what, saved = form.fields
    assert [o.label for o in helped.options] == ["Yes", "No", "I didn't use it"]
    assert what.is_text and what.max_length == 1000 and not what.options
    assert [o.value for o in saved.options] == ["under-15m", "15-60m", "1-3h", "over-3h"]


def test_a_scale_is_a_choice_of_eleven() -> None:
    score = shipped("monthly-recommend").fields[0]
    assert score.kind is QuestionKind.SCALE
    assert [o.value for o in score.options] == [str(n) for n in range(11)]
    assert (score.low_label, score.high_label) == ("Not at all likely", "Extremely likely")


def test_follow_up_questions_appear_only_after_a_yes() -> None:
    form = shipped("weekly-impact")
    assert [f.id for f in visible_fields(form, {})] == ["helped"]
    assert [f.id for f in visible_fields(form, {"helped": "no"})] == ["helped"]
    assert [f.id for f in visible_fields(form, {"helped": "yes"})] == [
        "helped",
        "what",
        "time_saved",
    ]
    # Step by step, as Slack asks: buttons first, then the text, then the time.
    assert next_field(form, {}).id == "helped"  # type: ignore[union-attr]
    assert next_field(form, {"helped": "yes"}).id == "what"  # type: ignore[union-attr]
    assert next_field(form, {"helped": "no"}) is None


def test_answers_are_checked_and_hidden_ones_dropped() -> None:
    form = shipped("weekly-impact")
    full = {"helped": "yes", "what": "  Drafted the Q3 board memo  ", "time_saved": "1-3h"}
    assert check_answers(form, full) == {
        "helped": "yes",
        "what": "Drafted the Q3 board memo",
        "time_saved": "1-3h",
    }
    # A Teams card sends every input: answers its own "no" hides are dropped, not stored.
    assert check_answers(form, {"helped": "no", "what": "typed before changing my mind"}) == {
        "helped": "no"
    }
    assert check_answers(form, {"helped": "yes", "what": "   ", "time_saved": "ages"}) == [
        AnswerProblem(field="what", message="needs an answer"),
        AnswerProblem(field="time_saved", message="is not one of the choices"),
    ]
    assert check_answers(
        form, {"helped": "yes", "what": "x" * 1001, "time_saved": "1-3h", "extra": "1"}
    ) == [
        AnswerProblem(field="extra", message="is not a question of this survey"),
        AnswerProblem(field="what", message="is longer than 1000 characters"),
    ]
    recommend = shipped("monthly-recommend")
    assert check_answers(recommend, {"recommend": "9"}) == {"recommend": "9"}  # why: optional
    assert check_answers(recommend, {"recommend": "11"}) == [
        AnswerProblem(field="recommend", message="is not one of the choices")
    ]
