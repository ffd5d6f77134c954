"""The review workflow of a back office: the statuses a filing record goes through, and the moves.

One table says which move from which status is allowed; the store enforces it
(``store.repository.record_status``), the API offers the decisions and says
when a record may be edited, the review page shows the statuses in Chinese.
"""

from __future__ import annotations

from enum import StrEnum


class ReviewStatus(StrEnum):
    """Where a filing record stands with the agency (not the rules' verdict: ``FilingStatus``)."""

    RECEIVED = "received"
    PROCESSING = "processing"
    NEEDS_REVIEW = "needs_review"
    APPROVED = "approved"
    REJECTED = "rejected"
    RETURNED_TO_APPLICANT = "returned_to_applicant"
    CHANGED = "changed"
    CANCELLED = "cancelled"


S = ReviewStatus
TRANSITIONS: dict[ReviewStatus, frozenset[ReviewStatus]] = {
    S.RECEIVED: frozenset({S.PROCESSING, S.NEEDS_REVIEW, S.CANCELLED}),
    S.PROCESSING: frozenset({S.NEEDS_REVIEW, S.RECEIVED, S.CANCELLED}),
    S.NEEDS_REVIEW: frozenset({S.APPROVED, S.REJECTED, S.RETURNED_TO_APPLICANT, S.PROCESSING, S.CANCELLED}),
    S.RETURNED_TO_APPLICANT: frozenset({S.RECEIVED, S.PROCESSING, S.NEEDS_REVIEW, S.CANCELLED}),
    S.APPROVED: frozenset({S.CHANGED, S.CANCELLED}),
    S.CHANGED: frozenset({S.NEEDS_REVIEW, S.APPROVED, S.REJECTED, S.CANCELLED}),
    S.REJECTED: frozenset({S.RECEIVED, S.NEEDS_REVIEW}),
    S.CANCELLED: frozenset(),
}
# A reviewer may correct fields and move documents only while the record is open to review.
EDITABLE = frozenset({S.NEEDS_REVIEW, S.CHANGED, S.RETURNED_TO_APPLICANT, S.APPROVED})
# Not yet read and validated: the pipeline moves these to needs_review itself.
UNDECIDED = frozenset({S.RECEIVED, S.PROCESSING})
# A reviewer's decision (the API's action names) → the status it moves the record to.
DECISIONS: dict[str, ReviewStatus] = {
    "approve": S.APPROVED,
    "reject": S.REJECTED,
    "return": S.RETURNED_TO_APPLICANT,
    "cancel": S.CANCELLED,
}


STATUSES = frozenset(ReviewStatus)  # ``"needs_review" in STATUSES``: plain strings compare equal


def allowed(current: str, to: str) -> bool:
    """Whether a record in ``current`` may move to ``to`` (unknown statuses never may)."""
    try:
        return ReviewStatus(to) in TRANSITIONS[ReviewStatus(current)]
    except ValueError:
        return False
