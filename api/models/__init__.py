"""Request and response bodies of the /v1 API, documented with examples for integrators.

One module per part of the API (batches, review, export, admin, station, triage); every model
is importable from here.

Filing and document bodies extend the RESULT.json models of
``kernel.schema``, so a record read over HTTP has the same shape as the
file ``filingdesk process`` writes, plus the review workflow around it.
"""

from __future__ import annotations

from api.models.admin import (
    KeyCreate,
    KeyCreated,
    KeyInfo,
    MeOut,
    RulePackOut,
    WebhookCreate,
    WebhookOut,
)
from api.models.batches import (
    BatchDocumentOut,
    BatchFileOut,
    BatchHead,
    BatchListOut,
    BatchProgressOut,
    BatchReceiptOut,
    FileReceiptOut,
)
from api.models.examples import ID_EXAMPLE
from api.models.export import (
    AckRequest,
    AckResult,
    ExportDocument,
    ExportFiling,
    ExportPage,
)
from api.models.review import (
    CorrectionOut,
    DecisionRequest,
    DocumentOut,
    FieldChange,
    FilingDetail,
    FilingOut,
    HistoryEvent,
    PageImage,
    QueueItem,
    QueuePage,
    RegroupRequest,
    RegroupResult,
)
from api.models.station import (
    BatchSummaryOut,
    RescanItem,
    StationDocument,
    StationFiling,
    StationNotice,
)
from api.models.triage import (
    AssignTypeRequest,
    AttachRequest,
    DiscardRequest,
    TriageDetail,
    TriageEvent,
    TriageItemOut,
    TriagePage,
    TypeGuess,
)

__all__ = [
    "ID_EXAMPLE",
    "AckRequest",
    "AckResult",
    "AssignTypeRequest",
    "AttachRequest",
    "BatchDocumentOut",
    "BatchFileOut",
    "BatchHead",
    "BatchListOut",
    "BatchProgressOut",
    "BatchReceiptOut",
    "BatchSummaryOut",
    "CorrectionOut",
    "DecisionRequest",
    "DiscardRequest",
    "DocumentOut",
    "ExportDocument",
    "ExportFiling",
    "ExportPage",
    "FieldChange",
    "FileReceiptOut",
    "FilingDetail",
    "FilingOut",
    "HistoryEvent",
    "KeyCreate",
    "KeyCreated",
    "KeyInfo",
    "MeOut",
    "PageImage",
    "QueueItem",
    "QueuePage",
    "RegroupRequest",
    "RegroupResult",
    "RescanItem",
    "RulePackOut",
    "StationDocument",
    "StationFiling",
    "StationNotice",
    "TriageDetail",
    "TriageEvent",
    "TriageItemOut",
    "TriagePage",
    "TypeGuess",
    "WebhookCreate",
    "WebhookOut",
]
