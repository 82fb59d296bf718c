"""A survey as the platform-free form both adapters render, and the answers that come back."""

from __future__ import annotations

from bot.chat.answers import SURVEY_ANSWER
from bot.chat.forms import Form, check_values, clean_values, shown_fields
from bot.feedback.vocabulary import TIME_SAVED
from bot.surveys.catalog import SurveyCatalog
from bot.surveys.form import form_for, next_field
from bot.surveys.loading import load_surveys
from tests.bot.surveys.support import survey


def shipped(name: str, value: str = "") -> Form:
    loaded = load_surveys(None)
    assert isinstance(loaded, SurveyCatalog)
    definition = loaded.get(name)
    assert definition is not None
    return form_for(definition, value=value)


def test_the_weekly_pulse_as_a_form() -> None:
    form = shipped("weekly-impact", value="delivery-42")
    assert (form.name, form.title, form.action, form.value) == (
        "survey_weekly_impact",
        "Weekly AI impact pulse",
        SURVEY_ANSWER,
        "delivery-42",
    )
    helped, what, saved = form.fields
    assert helped.kind == "choice" and not helped.optional
    assert [o.label for o in helped.options] == ["Yes", "No", "I didn't use it"]
    assert what.kind == "text" and what.multiline and what.max_length == 1000
    assert what.show_if is not None and what.show_if.values == ("yes",)
    # The same buckets as the win form, so reports count time saved one way.
    assert [(o.value, o.label) for o in saved.options] == [(b.key, b.label) for b in TIME_SAVED]


def test_a_scale_is_a_choice_of_eleven_with_labelled_ends() -> None:
    score, why = shipped("monthly-recommend").fields
    assert [o.value for o in score.options] == [str(n) for n in range(11)]
    labels = [o.label for o in score.options]
    assert labels[0] == "0 – Not at all likely" and labels[10] == "10 – Extremely likely"
    assert labels[1:10] == [str(n) for n in range(1, 10)]
    assert why.optional


def test_a_long_title_is_shortened_to_fit_a_modal() -> None:
    form = form_for(survey(title="Quarterly assistant satisfaction check-in"))
    assert form.title == "Quarterly assistant sat…" and len(form.title) == 24


def test_follow_up_questions_appear_only_after_a_yes() -> None:
    form = shipped("weekly-impact")
    assert [f.id for f in shown_fields(form, {})] == ["helped"]
    assert [f.id for f in shown_fields(form, {"helped": "no"})] == ["helped"]
    assert [f.id for f in shown_fields(form, {"helped": "yes"})] == ["helped", "what", "time_saved"]
    # Step by step, as Slack asks: buttons first, then the text, then the time.
    assert next_field(form, {}).id == "helped"  # type: ignore[union-attr]
    assert next_field(form, {"helped": "yes"}).id == "what"  # type: ignore[union-attr]
    assert next_field(form, {"helped": "yes", "what": "memo"}).id == "time_saved"  # type: ignore[union-attr]
    assert next_field(form, {"helped": "no"}) is None


def test_answers_are_checked_and_hidden_ones_dropped() -> None:
    form = shipped("weekly-impact")
    full = {"helped": "yes", "what": "  Drafted the Q3 board memo  ", "time_saved": "1_3h"}
    assert check_values(form, full) == {}
    assert clean_values(form, full) == {
        "helped": "yes",
        "what": "Drafted the Q3 board memo",
        "time_saved": "1_3h",
    }
    # A Teams card sends every input: what the person's own "no" hides is neither required
    # nor stored.
    said_no = {"helped": "no", "what": "typed before changing my mind", "time_saved": ""}
    assert check_values(form, said_no) == {}
    assert clean_values(form, said_no) == {"helped": "no"}
    assert check_values(form, {"helped": "yes", "what": "   ", "time_saved": "ages"}) == {
        "what": "Please fill this in.",
        "time_saved": "Pick one of the options.",
    }
    recommend = shipped("monthly-recommend")
    assert check_values(recommend, {"recommend": "9"}) == {}  # why is optional
    assert check_values(recommend, {"recommend": "11"}) == {"recommend": "Pick one of the options."}
