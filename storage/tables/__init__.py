"""Every table, imported here so `Base.metadata` is complete for Alembic and tests."""

from storage.tables.advocacy import AdvocateDecisionRow, AdvocateRow, WinRow
from storage.tables.conversations import ConversationRow
from storage.tables.digests import DigestRollupRow, DigestRow, ProcessedEventRow
from storage.tables.exports import ExportRow
from storage.tables.feedback import FeedbackRow, FeedCounterRow
from storage.tables.inbox import InboxRow
from storage.tables.outbox import OutboxRow
from storage.tables.outputs import OutputRow, RelayRow
from storage.tables.people import ForgottenRow, PersonRow
from storage.tables.questions import QuestionAuditRow, QuestionRefusalRow, QuestionRow
from storage.tables.surveys import DeliveryRow, ResponseRow, SurveyRow, SurveyRunRow

__all__ = [
    "AdvocateDecisionRow",
    "AdvocateRow",
    "ConversationRow",
    "DeliveryRow",
    "DigestRollupRow",
    "DigestRow",
    "ExportRow",
    "FeedCounterRow",
    "FeedbackRow",
    "ForgottenRow",
    "InboxRow",
    "OutboxRow",
    "OutputRow",
    "PersonRow",
    "ProcessedEventRow",
    "QuestionAuditRow",
    "QuestionRefusalRow",
    "QuestionRow",
    "RelayRow",
    "ResponseRow",
    "SurveyRow",
    "SurveyRunRow",
    "WinRow",
]
