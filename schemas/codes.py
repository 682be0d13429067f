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


#: What each code means, in the report's own words (the contract's code tables).
ITEM_LABELS: dict[str, str] = {
    ActiveItem.REGULATIONS: "规章",
    ActiveItem.NORMATIVE_DOCUMENTS: "规范性文件 / 行政规范性文件",
    ActiveItem.ADMINISTRATIVE_LICENSING: "行政许可",
    ActiveItem.OTHER_MANAGEMENT_SERVICES: "其他对外管理服务事项 (t2019)",
    ActiveItem.ADMINISTRATIVE_PENALTY: "行政处罚",
    ActiveItem.ADMINISTRATIVE_COERCION: "行政强制",
    ActiveItem.ADMINISTRATIVE_FEES: "行政事业性收费",
    ActiveItem.CENTRALIZED_PROCUREMENT: "政府集中采购 (t2019)",
}
METRIC_LABELS: dict[str, str] = {
    ActiveMetric.NEWLY_MADE: "本年新制作数量 (t2019)",
    ActiveMetric.NEWLY_PUBLISHED: "本年新公开数量 (t2019)",
    ActiveMetric.TOTAL_PUBLISHED: "对外公开总数量 (t2019)",
    ActiveMetric.PREVIOUS_YEAR_COUNT: "上一年项目数量 (t2019)",
    ActiveMetric.CHANGE: "本年增/减, signed (t2019)",
    ActiveMetric.DECISIONS: "处理决定数量 (t2019) / 本年处理决定数量 (t2021)",
    ActiveMetric.PROCUREMENT_PROJECTS: "采购项目数量 (t2019)",
    ActiveMetric.PROCUREMENT_AMOUNT_10K_YUAN: "采购总金额, 万元 (t2019)",
    ActiveMetric.ISSUED: "本年制发件数 (t2021)",
    ActiveMetric.REPEALED: "本年废止件数 (t2021)",
    ActiveMetric.IN_FORCE: "现行有效件数 (t2021)",
    ActiveMetric.FEE_AMOUNT_10K_YUAN: "本年收费金额, 万元 (t2021)",
}
ROW_LABELS: dict[str, str] = {
    ApplicationRow.RECEIVED: "一、本年新收政府信息公开申请数量",
    ApplicationRow.CARRIED_OVER: "二、上年结转政府信息公开申请数量",
    ApplicationRow.GRANTED: "(一)予以公开",
    ApplicationRow.PARTIALLY_GRANTED: "(二)部分公开",
    ApplicationRow.DENIED_STATE_SECRET: "(三)不予公开 1.属于国家秘密",
    ApplicationRow.DENIED_PROHIBITED_BY_LAW: "(三)不予公开 2.其他法律行政法规禁止公开",
    ApplicationRow.DENIED_THREE_SECURITIES_ONE_STABILITY: "(三)不予公开 3.危及“三安全一稳定”",
    ApplicationRow.DENIED_THIRD_PARTY_RIGHTS: "(三)不予公开 4.保护第三方合法权益",
    ApplicationRow.DENIED_INTERNAL_AFFAIRS: "(三)不予公开 5.属于三类内部事务信息",
    ApplicationRow.DENIED_PROCESS_INFORMATION: "(三)不予公开 6.属于四类过程性信息",
    ApplicationRow.DENIED_ENFORCEMENT_FILES: "(三)不予公开 7.属于行政执法案卷",
    ApplicationRow.DENIED_ADMINISTRATIVE_QUERY: "(三)不予公开 8.属于行政查询事项",
    ApplicationRow.UNABLE_NOT_HELD: "(四)无法提供 1.本机关不掌握相关政府信息",
    ApplicationRow.UNABLE_NEEDS_CREATION: "(四)无法提供 2.没有现成信息需要另行制作",
    ApplicationRow.UNABLE_UNCLEAR_AFTER_CORRECTION: "(四)无法提供 3.补正后申请内容仍不明确",
    ApplicationRow.NOT_PROCESSED_PETITION: "(五)不予处理 1.信访举报投诉类申请",
    ApplicationRow.NOT_PROCESSED_DUPLICATE: "(五)不予处理 2.重复申请",
    ApplicationRow.NOT_PROCESSED_PUBLICATION: "(五)不予处理 3.要求提供公开出版物",
    ApplicationRow.NOT_PROCESSED_EXCESSIVE: "(五)不予处理 4.无正当理由大量反复申请",
    ApplicationRow.NOT_PROCESSED_CONFIRMATION: (
        "(五)不予处理 5.要求行政机关确认或重新出具已获取信息"
    ),
    ApplicationRow.OTHER: "(六)其他处理 (t2019: the single row; t2021: the sum of its sub-rows)",
    ApplicationRow.OTHER_OVERDUE_CORRECTION: "(六)其他处理 1.申请人无正当理由逾期不补正 (t2021)",
    ApplicationRow.OTHER_UNPAID_FEE: "(六)其他处理 2.申请人逾期未按收费通知要求缴纳费用 (t2021)",
    ApplicationRow.OTHER_OTHER: "(六)其他处理 3.其他 (t2021)",
    ApplicationRow.TOTAL_PROCESSED: "(七)总计",
    ApplicationRow.CARRIED_FORWARD: "四、结转下年度继续办理",
}

HEADLINE_LABELS: dict[str, str] = {
    HeadlineMetric.PROACTIVE_DISCLOSURES: "主动公开政府信息…条",
    HeadlineMetric.APPLICATIONS_RECEIVED: "收到/受理政府信息公开申请…件",
    HeadlineMetric.APPLICATIONS_GRANTED: "予以公开…件",
    HeadlineMetric.APPLICATIONS_PARTIALLY_GRANTED: "部分公开…件",
    HeadlineMetric.APPLICATIONS_DENIED: "不予公开…件",
    HeadlineMetric.ADMINISTRATIVE_REVIEWS: "行政复议…件",
    HeadlineMetric.LAWSUITS: "行政诉讼…件",
    HeadlineMetric.PROCESSING_FEE_YUAN: "信息处理费/收费…元",
}


def describe_codes(codes: type[StrEnum], labels: dict[str, str]) -> str:
    """`code` label; … — a code table in one line, for a column's description."""
    return "; ".join(f"`{code.value}` {labels[code]}" for code in codes)
