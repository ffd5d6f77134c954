"""One settings object for the whole service, read from the environment.

Every knob is a ``FILINGDESK_*`` variable (or a line in ``.env``). Code reads
``Settings`` at the edges (CLI, worker start, API start) and passes it inward;
pipeline steps never read the environment themselves.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Embedded default: SQLite file, local blob folder, tasks run in-process.

    Production: set ``database_url`` to PostgreSQL and ``broker_url`` to Redis.
    """

    model_config = SettingsConfigDict(env_prefix="FILINGDESK_", env_file=".env", extra="ignore")

    home: Path = Field(default=Path("var"), description="Folder for the embedded database, blobs and caches.")
    database_url: str = Field(default="", description="SQLAlchemy URL; empty = SQLite file in home.")
    broker_url: str = Field(default="", description="Celery broker; empty = run tasks in-process.")
    broker_visibility_timeout: int = Field(
        default=3600,
        description="Seconds before a task taken by a worker that vanished is delivered again (Redis).",
    )
    task_lease_seconds: int = Field(
        default=30,
        ge=3,
        description="A worker's claim on a running task; renewed per page and every third of it. "
        "A dead or frozen worker's tasks are sent again this long after its last renewal.",
    )
    task_max_lost_leases: int = Field(
        default=4,
        ge=1,
        description="A task whose holder was lost this often (killed, frozen, out of memory) is dead.",
    )
    pipeline: str = Field(
        default="",
        description="module:function reading files instead of the OCR pipeline (queue tests, benchmarks).",
    )
    blob_dir: Path | None = Field(default=None, description="Local blob store; default home/blobs.")
    s3_endpoint_url: str = ""
    s3_bucket: str = ""
    s3_region: str = Field(default="us-east-1", description="Region name sent to the S3 endpoint.")
    s3_access_key_id: str = Field(default="", description="Empty: boto3's usual credential chain.")
    s3_secret_access_key: str = ""

    ocr_engine: str = Field(
        default="paddleocr",
        description="paddleocr | paddleocr-onnxruntime | paddleocr-openvino | rapidocr | tesseract",
    )
    model_dir: Path | None = Field(
        default=None, description="Folder with PP-OCR model folders; default: installed wheels."
    )
    ocr_runtime: str = Field(
        default="onnxruntime",
        description="onnxruntime | openvino: what runs the PP-OCR det/rec/flip ONNX models.",
    )
    ocr_precision: str = Field(
        default="auto",
        description=(
            "auto | bf16 | f32 | bf16-det | bf16-rec | int8-det | int8: the OpenVINO runtime's arithmetic "
            "(auto: bf16 where the CPU has it; int8 needs the files `python -m bench.quantize` makes)."
        ),
    )
    ocr_threads: int = Field(
        default=2,
        ge=1,
        description="Threads one OCR engine computes with. A worker with several processes gives each "
        "its share of the cores instead, unless this is set.",
    )
    metrics_token: str = Field(
        default="",
        description="A bearer token Prometheus scrapes GET /metrics with (an admin key works too).",
    )
    worker_concurrency: int = Field(
        default=0,
        ge=0,
        description="Processes a `filingdesk worker` reads with (one OCR engine each); 0: one per CPU core. "
        "On 2 cores two processes of one thread read 2.6 pages/s, one of two threads 1.6-2.1.",
    )
    ocr_second_opinion: bool = Field(
        default=True,
        description="Read the lines the OCR engine was unsure of again with PP-OCRv6 small's recogniser "
        "(rapidocr's wheel) and keep the surer reading.",
    )
    det_limit_side: int = Field(default=960, description="Longest side of the image given to text detection.")
    render_dpi: int = Field(default=200, description="Resolution at which scanned PDF pages are rendered.")
    low_confidence: float = Field(default=0.80, description="Fields below this are flagged for the reviewer.")

    max_upload_bytes: int = Field(
        default=200 * 1024 * 1024,
        description="Bytes one uploaded file may have, and a zip may unpack to (its whole tree).",
    )
    max_batch_bytes: int = Field(
        default=1024 * 1024 * 1024, description="Bytes one upload request may carry, all files together."
    )
    max_pages_per_file: int = 200
    max_batch_files: int = Field(default=500, description="Files one upload request may carry.")
    max_image_pixels: int = 80_000_000
    retention_days: int = Field(
        default=365,
        ge=0,
        description="Days the page images and uploaded files of a settled filing (approved, rejected or "
        "cancelled, and last changed or exported that long ago) are kept; 0: kept forever.",
    )
    retention_refused_days: int = Field(
        default=30,
        ge=0,
        description="Days an upload that made no filing (refused, unreadable, duplicate, not a filing "
        "document) keeps its file and page images; 0: kept forever.",
    )
    retention_check_minutes: int = Field(
        default=60,
        ge=1,
        description="How often each worker's reaper runs the retention purge.",
    )
    log_format: str = Field(
        default="console",
        pattern="^(console|json)$",
        description="console: plain lines for a person; json: one JSON object a line for a log shipper.",
    )
    rule_pack: str = Field(
        default="", description="Force a rule pack by name; empty = chosen by insured region."
    )

    @property
    def resolved_database_url(self) -> str:
        return self.database_url or f"sqlite:///{(self.home / 'filingdesk.db').resolve()}"

    @property
    def resolved_blob_dir(self) -> Path:
        return self.blob_dir or self.home / "blobs"

    @property
    def cache_dir(self) -> Path:
        return self.home / "cache"


@cache
def get_settings() -> Settings:
    """Settings read once from the environment (the edges call this)."""
    return Settings()
