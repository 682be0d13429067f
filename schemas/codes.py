"""Codes of the data contract (templates, statuses, row and column codes), one source of truth."""

from __future__ import annotations

from enum import StrEnum


class Template(StrEnum):
    """Which official table format a report follows."""

    T2019 = "t2019"
    T2021 = "t2021"
    PRE2019 = "pre2019"
    UNKNOWN = "unknown"


class Script(StrEnum):
    SIMPLIFIED = "simplified"
    TRADITIONAL = "traditional"


class Status(StrEnum):
    VALID = "valid"
    QUARANTINED = "quarantined"
    REJECTED = "rejected"


class Stage(StrEnum):
    """Pipeline stage at which a quarantine row was raised."""

    DECODE = "decode"
    CLASSIFY = "classify"
    PARSE = "parse"
    VALIDATE = "validate"


class Table(StrEnum):
    """Names of the report tables, as used in `quarantined_tables` and `quarantine.table`."""

    ACTIVE_DISCLOSURE = "active_disclosure"
    APPLICATIONS = "applications"
    REVIEW_LITIGATION = "review_litigation"
    REPORT = "report"  # the whole object (decode / classify failures)


class ActiveItem(StrEnum):
    """Rows of section 二 (主动公开政府信息情况)."""

    REGULATIONS = "regulations"
    NORMATIVE_DOCUMENTS = "normative_documents"
    ADMINISTRATIVE_LICENSING = "administrative_licensing"
    OTHER_MANAGEMENT_SERVICES = "other_management_services"
    ADMINISTRATIVE_PENALTY = "administrative_penalty"
    ADMINISTRATIVE_COERCION = "administrative_coercion"
    ADMINISTRATIVE_FEES = "administrative_fees"
    CENTRALIZED_PROCUREMENT = "centralized_procurement"


class ActiveMetric(StrEnum):
    """Columns of section 二, both templates."""

    NEWLY_MADE = "newly_made"
    NEWLY_PUBLISHED = "newly_published"
    TOTAL_PUBLISHED = "total_published"
    PREVIOUS_YEAR_COUNT = "previous_year_count"
    CHANGE = "change"
    DECISIONS = "decisions"
    PROCUREMENT_PROJECTS = "procurement_projects"
    PROCUREMENT_AMOUNT_10K_YUAN = "procurement_amount_10k_yuan"
    ISSUED = "issued"
    REPEALED = "repealed"
    IN_FORCE = "in_force"
    FEE_AMOUNT_10K_YUAN = "fee_amount_10k_yuan"


AMOUNT_METRICS = frozenset(
    {ActiveMetric.PROCUREMENT_AMOUNT_10K_YUAN, ActiveMetric.FEE_AMOUNT_10K_YUAN}
)
SIGNED_METRICS = frozenset({ActiveMetric.CHANGE})


class ApplicationRow(StrEnum):
    """Rows of section 三 (收到和处理政府信息公开申请情况), in table order."""

    RECEIVED = "received"
    CARRIED_OVER = "carried_over"
    GRANTED = "granted"
    PARTIALLY_GRANTED = "partially_granted"
    DENIED_STATE_SECRET = "denied.state_secret"
    DENIED_PROHIBITED_BY_LAW = "denied.prohibited_by_law"
    DENIED_THREE_SECURITIES_ONE_STABILITY = "denied.three_securities_one_stability"
    DENIED_THIRD_PARTY_RIGHTS = "denied.third_party_rights"
    DENIED_INTERNAL_AFFAIRS = "denied.internal_affairs"
    DENIED_PROCESS_INFORMATION = "denied.process_information"
    DENIED_ENFORCEMENT_FILES = "denied.enforcement_files"
    DENIED_ADMINISTRATIVE_QUERY = "denied.administrative_query"
    UNABLE_NOT_HELD = "unable.not_held"
    UNABLE_NEEDS_CREATION = "unable.needs_creation"
    UNABLE_UNCLEAR_AFTER_CORRECTION = "unable.unclear_after_correction"
    NOT_PROCESSED_PETITION = "not_processed.petition"
    NOT_PROCESSED_DUPLICATE = "not_processed.duplicate"
    NOT_PROCESSED_PUBLICATION = "not_processed.publication"
    NOT_PROCESSED_EXCESSIVE = "not_processed.excessive"
    NOT_PROCESSED_CONFIRMATION = "not_processed.confirmation"
    OTHER = "other"
    OTHER_OVERDUE_CORRECTION = "other.overdue_correction"
    OTHER_UNPAID_FEE = "other.unpaid_fee"
    OTHER_OTHER = "other.other"
    TOTAL_PROCESSED = "total_processed"
    CARRIED_FORWARD = "carried_forward"


OTHER_SUB_ROWS = (
    ApplicationRow.OTHER_OVERDUE_CORRECTION,
    ApplicationRow.OTHER_UNPAID_FEE,
    ApplicationRow.OTHER_OTHER,
)

#: Rows whose sum must equal (七)总计: every outcome except the t2021 sub-rows of (六),
#: which are already summed into `other`.
OUTCOME_ROWS = tuple(
    row
    for row in ApplicationRow
    if row
    not in {
        ApplicationRow.RECEIVED,
        ApplicationRow.CARRIED_OVER,
        ApplicationRow.TOTAL_PROCESSED,
        ApplicationRow.CARRIED_FORWARD,
        *OTHER_SUB_ROWS,
    }
)

#: Rows of each template's section 三, in table order.
T2019_APPLICATION_ROWS = tuple(r for r in ApplicationRow if r not in OTHER_SUB_ROWS)
T2021_APPLICATION_ROWS = tuple(ApplicationRow)


class ApplicantColumn(StrEnum):
    """The seven count columns of section 三."""

    NATURAL_PERSON = "natural_person"
    COMMERCIAL_ENTERPRISE = "commercial_enterprise"
    RESEARCH_INSTITUTION = "research_institution"
    SOCIAL_WELFARE_ORG = "social_welfare_org"
    LEGAL_SERVICE_ORG = "legal_service_org"
    OTHER_ORG = "other_org"
    TOTAL = "total"


APPLICANT_TYPES = tuple(c for c in ApplicantColumn if c is not ApplicantColumn.TOTAL)


class ReviewGroup(StrEnum):
    """The three groups of section 四."""

    REVIEW = "review"
    SUIT_DIRECT = "suit_direct"
    SUIT_AFTER_REVIEW = "suit_after_review"


class ReviewOutcome(StrEnum):
    UPHELD = "upheld"
    CORRECTED = "corrected"
    OTHER = "other"
    PENDING = "pending"
    TOTAL = "total"


#: The 15 columns of section 四, in table order.
REVIEW_COLUMNS = tuple(f"{group}_{outcome}" for group in ReviewGroup for outcome in ReviewOutcome)


class HeadlineMetric(StrEnum):
    """Figures stated in a report's narrative."""

    PROACTIVE_DISCLOSURES = "proactive_disclosures"
    APPLICATIONS_RECEIVED = "applications_received"
    APPLICATIONS_GRANTED = "applications_granted"
    APPLICATIONS_PARTIALLY_GRANTED = "applications_partially_granted"
    APPLICATIONS_DENIED = "applications_denied"
    ADMINISTRATIVE_REVIEWS = "administrative_reviews"
    LAWSUITS = "lawsuits"
    PROCESSING_FEE_YUAN = "processing_fee_yuan"


class Dataset(StrEnum):
    """The lake's datasets (top-level folders under the lake root)."""

    REPORTS = "reports"
    ACTIVE_DISCLOSURE = "active_disclosure"
    APPLICATIONS = "applications"
    REVIEW_LITIGATION = "review_litigation"
    HEADLINE_FIGURES = "headline_figures"
    SECTIONS = "sections"
    QUARANTINE = "quarantine"
    QUARANTINE_ROWS = "quarantine_rows"
