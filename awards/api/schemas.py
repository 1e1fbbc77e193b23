"""Response shapes of the JSON API. The OpenAPI document is generated from these classes."""

from datetime import date, datetime

from ninja import Schema
from typing_extensions import TypedDict


class Error(Schema):
    error: str
    detail: str


class ApiRoot(Schema):
    version: str
    editions_url: str
    edition_url_template: str
    nominee_url_template: str
    search_url_template: str


class Downloads(TypedDict):
    # A TypedDict, not a Schema: pydantic models have a .json attribute this key would shadow.
    csv: str
    xlsx: str
    json: str


class EditionSummary(Schema):
    year: int
    name: str
    name_en: str | None
    held_on: date
    url: str
    url_en: str
    api_url: str
    downloads: Downloads


class EditionList(Schema):
    editions: list[EditionSummary]


class NomineeSummary(Schema):
    slug: str
    name: str
    name_en: str | None
    kind: str
    url: str
    url_en: str
    api_url: str


class CaseSummary(Schema):
    id: int
    title: str
    title_en: str | None
    url: str
    url_en: str
    second_unit: str | None
    second_unit_role: str | None


class ListLink(Schema):
    slug: str
    name: str
    name_en: str | None
    url: str
    url_en: str


class ListSummary(ListLink):
    # name is blank for a list the source left unnamed; name_shown says 名称未公布的榜单(第N个).
    name_shown: str
    review_year: int


class AwardFields(Schema):
    announced_name: str
    announced_name_en: str | None
    position: int
    rank: int | None
    level: str | None
    level_en: str | None
    withdrawn: bool
    withdrawn_at: datetime | None
    withdrawal_reason: str | None


class ListedAward(AwardFields):
    nominee: NomineeSummary
    case: CaseSummary | None


class JuryCriterion(Schema):
    name: str
    weight: int
    scale: list[int]


class JuryPanelMember(Schema):
    name: str
    title: str


class JuryMethod(Schema):
    """How a list's jury review was run (awards/jury), when its organizer publishes the method.
    Individual judges' scores are never public; judges' names only with a published panel."""

    criteria: list[JuryCriterion]
    judges: int
    jury_weight: int
    normalised: bool
    trimmed: bool
    recusals: int
    panel: list[JuryPanelMember] | None


class EditionAwardList(ListSummary):
    position: int
    kind: str
    source_unpublished: bool
    description: str
    description_en: str | None
    announced_count: int | None
    recorded_count: int
    withdrawn_count: int
    current_count: int
    awards: list[ListedAward]
    # Added by awards/jury through awards/extensions.py (list_records); absent when none.
    jury_method: JuryMethod | None = None


class Organizers(Schema):
    guided_by: str
    guided_by_en: str | None
    hosted_by: str
    hosted_by_en: str | None
    organized_by: str
    organized_by_en: str | None


class Source(Schema):
    title: str
    title_en: str | None
    publisher: str
    publisher_en: str | None
    date: date | None
    url: str | None


class Correction(Schema):
    recorded_at: datetime
    kind: str
    kind_label: str
    list: str | None
    subject: str | None
    old: str | None
    new: str | None
    reason: str | None
    url: str | None


class CorrectionLog(Schema):
    corrections_url: str
    corrections: list[Correction]


class EditionCorrections(CorrectionLog):
    year: int
    edition: str


class MethodIndicator(Schema):
    name: str
    name_en: str | None
    formula: str
    metric: str | None
    metric_label: str
    per_metric: str | None
    platform: str | None
    transform: str
    exponent: float
    normalisation: str
    weight: float


class MethodDimension(Schema):
    name: str
    name_en: str | None
    weight: float
    dimensions: list["MethodDimension"]
    indicators: list[MethodIndicator]


class DimensionScore(Schema):
    name: str
    name_en: str | None
    score: float | None


class WinnerScore(Schema):
    nominee: str
    case: str | None
    total: float | None
    data_index: float | None
    jury_score: float | None
    dimension_scores: list[DimensionScore]


class EvaluationMethod(Schema):
    """How a list was decided from data (awards/evaluation), when its organizer publishes it."""

    list_slug: str
    list: str
    data_source: str
    snapshot_rule: str
    preset: str | None
    preset_label: str | None
    preset_source: str | None
    open_points: list[str]
    period_start: date | None
    period_end: date | None
    periods: list[str]
    platforms: list[str]
    final_power: float
    final_factor: float
    scale: str
    jury_weight: int
    candidates_evaluated: int
    adjustments: int
    dimensions: list[MethodDimension]
    scores: list[WinnerScore] | None


class EditionDetail(EditionSummary, CorrectionLog):
    venue: str
    venue_en: str | None
    summary: str
    summary_en: str | None
    organizers: Organizers
    source: Source
    lists: list[EditionAwardList]
    # Added by awards/evaluation through awards/extensions.py; absent when not installed.
    evaluation_methods: list[EvaluationMethod] = []


class NomineeAward(AwardFields):
    year: int
    edition: str
    edition_en: str | None
    edition_url: str
    list: ListSummary
    case: CaseSummary | None


class NomineeDetail(NomineeSummary):
    aliases: list[str]
    description: str
    description_en: str | None
    links: list[str]
    awards: list[NomineeAward]


class ResultList(ListSummary):
    year: int
    withdrawn: bool


class NomineeResult(NomineeSummary):
    aliases: list[str]
    lists: list[ResultList]


class CaseResult(CaseSummary):
    nominee: NomineeSummary
    lists: list[ResultList]


class SearchResults(Schema):
    query: str
    truncated: bool
    nominees: list[NomineeResult]
    cases: list[CaseResult]


# --- Indexes (paginated) and statistics ----------------------------------------


class Page(Schema):
    page: int
    per_page: int
    previous: str | None
    next: str | None


class IndexedNominee(NomineeSummary):
    initial: str
    award_count: int
    withdrawn_count: int
    years: list[int]


class NomineePage(Page):
    results: list[IndexedNominee]


class IndexedCase(CaseSummary):
    year: int
    edition: str
    list: ListSummary
    nominee: NomineeSummary
    withdrawn: bool


class CasePage(Page):
    results: list[IndexedCase]


class ListStats(ListLink):
    kind: str
    announced_count: int | None
    current_count: int
    withdrawn_count: int


class KindStats(Schema):
    kind: str
    awards: int
    winners: int


class WinnerStats(Schema):
    total: int
    new: int
    returning: int


class TopWinner(NomineeSummary):
    rank: int
    awards: int
    editions: int


class EditionStats(Schema):
    year: int
    name: str
    url: str
    lists: list[ListStats]
    kinds: list[KindStats]
    winners: WinnerStats
    top_winners: list[TopWinner]
