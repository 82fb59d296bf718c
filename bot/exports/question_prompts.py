"""What the person asked sees, and what the asker gets back: no name or id of the person
unless they chose to share their name."""

from __future__ import annotations

from bot.chat.forms import Field, Form, Option
from bot.chat.messenger import Choice, Outgoing
from bot.exports.change import permalink
from bot.records import Rating
from storage.repositories.opinions import Opinion

ANSWER_FORM = "answer_question"
QUESTION_SUBMIT = "question_answer"
QUESTION_DECLINE = "question_decline"
QUESTION_KIND = "question"
ANSWER_KIND = "question_answer"
MAX_ANSWER = 2000


def answer_form(question_id: str = "") -> Form:
    return Form(
        name=ANSWER_FORM,
        title="Answer the question",
        open_label="Answer",
        fields=(
            Field(
                id="answer", label="Your answer", kind="text", multiline=True, max_length=MAX_ANSWER
            ),
            Field(
                id="share",
                label="Share my name with the team",
                kind="choice",
                options=(
                    Option(value="no", label="No, answer without my name"),
                    Option(value="yes", label="Yes, share my name"),
                ),
            ),
        ),
        action=QUESTION_SUBMIT,
        value=question_id,
    )


def ask_the_person(question_id: int, question: str, opinion: Opinion | None) -> Outgoing:
    if opinion is not None:
        rated = "👍" if opinion.rating is Rating.UP else "👎"
        about = f"the answer from {opinion.assistant} you rated {rated} ({permalink(opinion)})"
    else:
        about = "an answer you rated"
    return Outgoing(
        kind=QUESTION_KIND,
        ref_id=f"q{question_id}",
        text=f"The team building the assistant has a question about {about}:\n> {question}\n"
        "Your answer reaches them without your name or id, unless you choose to share your "
        "name. `questions off` stops questions like this.",
        form=answer_form(str(question_id)),
        choices=(Choice(label="No thanks", action=QUESTION_DECLINE, value=str(question_id)),),
    )


def tell_the_asker(
    question_id: int, ref: str, question: str, answer: str, name: str | None
) -> Outgoing:
    signed = f"\n— {name}" if name else "\n(answered without a name)"
    return Outgoing(
        kind=ANSWER_KIND,
        ref_id=f"qa{question_id}",
        text=f"An answer to your question about feedback {ref}:\n> {question}\n\n{answer}{signed}",
    )
