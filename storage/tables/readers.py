"""Where each background reader of the feedback change feed stands, and who is reading.

A reader (the comment reader: bot/advocacy/comments.py) works through the feed after the
writes it reads are acknowledged, so a request never waits for it. Its position is stored
here after the work for it is stored, so a crash re-reads (idempotently) rather than skips.
With several replicas one reads at a time: `holder` has a lease until `lease_until`, and a
replica that dies is replaced when the lease runs out.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.base import Base, UtcDateTime


class FeedReaderRow(Base):
    __tablename__ = "feed_readers"

    name: Mapped[str] = mapped_column(String(32), primary_key=True)
    # The change feed position read up to: (transaction, sequence), as in feedback.
    change_xact: Mapped[int] = mapped_column(BigInteger, server_default="0")
    change_seq: Mapped[int] = mapped_column(BigInteger, server_default="0")
    holder: Mapped[str | None] = mapped_column(String(64))
    lease_until: Mapped[datetime | None] = mapped_column(UtcDateTime)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime)
