"""Which pandera model and which replacement key belong to each dataset."""

from __future__ import annotations

import pandera.polars as pa
import polars as pl

from schemas import polars_schema
from schemas.active_disclosure import ActiveDisclosureModel
from schemas.applications import ApplicationsModel
from schemas.codes import Dataset
from schemas.headline_figures import HeadlineFiguresModel
from schemas.quarantine import QuarantineModel, QuarantineRowsModel
from schemas.reports import ReportsModel
from schemas.review_litigation import ReviewLitigationModel
from schemas.sections import SectionsModel

MODELS: dict[Dataset, type[pa.DataFrameModel]] = {
    Dataset.REPORTS: ReportsModel,
    Dataset.ACTIVE_DISCLOSURE: ActiveDisclosureModel,
    Dataset.APPLICATIONS: ApplicationsModel,
    Dataset.REVIEW_LITIGATION: ReviewLitigationModel,
    Dataset.HEADLINE_FIGURES: HeadlineFiguresModel,
    Dataset.SECTIONS: SectionsModel,
    Dataset.QUARANTINE: QuarantineModel,
    Dataset.QUARANTINE_ROWS: QuarantineRowsModel,
}

SCHEMAS: dict[Dataset, pl.Schema] = {
    dataset: polars_schema(model) for dataset, model in MODELS.items()
}

#: The column whose values a re-ingest replaces: a source object's `reports` row is keyed by
#: where it came from; everything derived from its bytes by the bytes' hash.
REPLACE_KEY: dict[Dataset, str] = {
    dataset: ("source_uri" if dataset is Dataset.REPORTS else "report_id") for dataset in Dataset
}


def empty_frame(dataset: Dataset) -> pl.DataFrame:
    return pl.DataFrame(schema=SCHEMAS[dataset])
