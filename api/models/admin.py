"""Keys, webhooks, rule packs and who a key belongs to."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class KeyCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"role": "station", "name": "taiyuan-window-3", "station": "ty-3"}]},
    )

    role: Literal["station", "reviewer", "integration", "admin"]
    name: str = Field(default="", max_length=100)
    station: str | None = Field(default=None, max_length=100, description="Required for station keys.")


class KeyInfo(BaseModel):
    id: int
    name: str
    role: str
    station: str | None
    prefix: str = Field(description="First characters of the key, to recognise it.", examples=["fdk_Ab3dE6"])
    created_at: datetime
    revoked: bool


class KeyCreated(KeyInfo):
    key: str = Field(description="The key itself; shown only in this answer.")


class WebhookCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"url": "https://erp.example.org/hooks/filingdesk"}]}
    )

    url: str = Field(pattern=r"^https?://[^\s]+$", max_length=1000)
    secret: str | None = Field(default=None, min_length=16, max_length=200, description="Default: generated.")


class WebhookOut(BaseModel):
    id: int
    url: str
    active: bool
    created_at: datetime
    secret: str | None = Field(default=None, description="Only in the answer that created the webhook.")


class RulePackOut(BaseModel):
    name: str = Field(examples=["shanxi"])
    description: str
    applies_to: list[str] = Field(examples=[["14"]])
    extends: str | None
    parameters: dict[str, Any]


class MeOut(BaseModel):
    """Who the presented key belongs to: a page or agent learns its role and station from its key."""

    role: Literal["station", "reviewer", "integration", "admin"] = Field(examples=["station"])
    name: str = Field(examples=["taiyuan-window-3-scanner"])
    station: str | None = Field(
        description="The station a station key uploads for.", examples=["taiyuan-window-3"]
    )
