"""Every number of the source document's tables matches the shipped edition, cell by cell.

The document (`docs/exponential-partner-program.txt`) writes its tables as pipe-separated
lines. A small parser here reads them, keyed by the first header cell, and each cell
becomes one parametrized case. Document rows map to edition entries by their `name`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from partnercenter.domain.program import Activity, Level
from tests.domain.shipped import DOCUMENT_PATH, EDITION

DOCUMENT = DOCUMENT_PATH.read_text(encoding="utf-8")

Table = list[dict[str, str]]


def parse_tables(text: str) -> dict[str, Table]:
    """Runs of `a | b | c |` lines; the first line is the header. Keyed by the first header cell."""
    tables: dict[str, Table] = {}
    header: list[str] | None = None
    for line in [*text.splitlines(), ""]:
        if " | " in line and line.rstrip().endswith("|"):
            cells = [cell.strip() for cell in line.rstrip().rstrip("|").split("|")]
            if header is None:
                header = cells
                tables[header[0]] = []
            else:
                assert len(cells) == len(header), f"ragged row: {line!r}"
                tables[header[0]].append(dict(zip(header, cells, strict=True)))
        else:
            header = None
    return tables


TABLES = parse_tables(DOCUMENT)
TIERS = TABLES["Tier"]
ACTIVITIES = TABLES["Activity"]
PLANS = TABLES["Partner Plan Name"]
BENEFITS = TABLES["Benefits"]

DOC_LEVEL_COLUMNS = ["Starter", "Basic", "Professional", "Silver", "Gold", "Platinum"]
DISCOUNT_ROWS = {row.name for row in EDITION.discounts}
LEAD_PRIORITY_ROW = "Lead priority*"

# The document's activity names are the edition's, but for this one whose cap is data.
ANNUAL = "Exponential Partner annual participation (max 3 yrs)"
EDITION_ONLY_ACTIVITIES = {"Revenue generation"}  # from "One point ≈ $1 USD revenue"


def level_named(name: str) -> Level:
    matches = [lv for lv in EDITION.levels if lv.name == name]
    assert len(matches) == 1, f"no single level named {name!r}"
    return matches[0]


def activity_named(doc_name: str) -> Activity:
    name = doc_name.removesuffix(" (max 3 yrs)") if doc_name == ANNUAL else doc_name
    matches = [a for a in EDITION.activities if a.name == name]
    assert len(matches) == 1, f"no single activity named {name!r}"
    return matches[0]


def document_column(level: Level) -> str:
    """The benefits table column of a level: Student has the Starter column."""
    return "Starter" if level.code == "student" else level.name


def number(text: str) -> int:
    """ "3,000" → 3000; "$1,800" → 1800."""
    return int(text.removeprefix("$").replace(",", ""))


def cents(text: str) -> int:
    """ "$2,600" or "15,000" (USD) → cents; "None" → 0."""
    return 0 if text == "None" else number(text) * 100


def test_tables_are_found() -> None:
    assert len(TIERS) == 6
    assert len(ACTIVITIES) == 20
    assert len(PLANS) == 8
    assert len(BENEFITS) == 15


# ------------------------------------------------------------------ levels


def _document_level_list() -> list[tuple[str, str]]:
    """The "7x categorizes partners into the following levels:" list: (name, category)."""
    start = DOCUMENT.index("into the following levels:\n")
    out = []
    for line in DOCUMENT[start:].splitlines()[1:]:
        match = re.fullmatch(r"- (\w+) - (.+)", line)
        if not match:
            break
        out.append((match[1], match[2]))
    return out


def test_levels_in_document_order_with_categories() -> None:
    assert [(lv.name, lv.category) for lv in EDITION.levels] == _document_level_list()


def test_student_is_an_enrolment_without_threshold() -> None:
    student = level_named("Student")
    assert [(r.kind, r.needed) for r in student.requirements] == [("student_enrolment", 1)]


def test_every_tier_row_is_a_level() -> None:
    assert [row["Tier"] for row in TIERS] == [lv.name for lv in EDITION.levels[1:]]


def _tier_cases() -> Iterator[Any]:
    for row in TIERS:
        yield pytest.param(row["Tier"], "points", number(row["Points"]), id=f"{row['Tier']}-points")
        revenue = None if row["Revenue (USD)"] == "None" else cents(row["Revenue (USD)"])
        yield pytest.param(row["Tier"], "revenue_cents", revenue, id=f"{row['Tier']}-revenue")
        certs = row["Certifications"]
        if certs == "None":
            profile = sales = None
        else:
            match = re.fullmatch(r"(\d+) profile \+ (\d+) sales", certs)
            assert match, certs
            profile, sales = int(match[1]), int(match[2])
        yield pytest.param(
            row["Tier"], "profile_certifications", profile, id=f"{row['Tier']}-profile"
        )
        yield pytest.param(row["Tier"], "sales_certifications", sales, id=f"{row['Tier']}-sales")


@pytest.mark.parametrize(("tier", "kind", "needed"), list(_tier_cases()))
def test_tier_threshold(tier: str, kind: str, needed: int | None) -> None:
    requirement = level_named(tier).requirement(kind)
    assert (requirement.needed if requirement else None) == needed


def test_tiers_have_no_other_requirements() -> None:
    known = {"points", "revenue_cents", "profile_certifications", "sales_certifications"}
    for level in EDITION.levels[1:]:
        assert {r.kind for r in level.requirements} <= known, level.code


# -------------------------------------------------------------- activities


def test_activity_names_match() -> None:
    document = {activity_named(row["Activity"]).code for row in ACTIVITIES}
    extra = {a.name for a in EDITION.activities if a.code not in document}
    assert extra == EDITION_ONLY_ACTIVITIES
    assert len(document) == len(ACTIVITIES)


def test_revenue_generation_is_a_point_per_usd() -> None:
    revenue = EDITION.activity("revenue")
    assert (revenue.points, revenue.unit.value, revenue.minimum) == (1, "usd", False)


@pytest.mark.parametrize(
    ("name", "cell"),
    [pytest.param(r["Activity"], r["Points"], id=r["Activity"]) for r in ACTIVITIES],
)
def test_activity_points(name: str, cell: str) -> None:
    activity = activity_named(name)
    if match := re.fullmatch(r"From (\d+)\+", cell):
        assert (activity.points, activity.minimum) == (int(match[1]), True)
    elif match := re.fullmatch(r"(\d+)/yr", cell):
        assert (activity.points, activity.minimum) == (int(match[1]), False)
        assert activity.cap is not None
        assert (activity.cap.per_period, activity.cap.period) == (1, "year")
    else:
        assert (activity.points, activity.minimum) == (number(cell), False)


def test_annual_participation_max_three_years() -> None:
    cap = activity_named(ANNUAL).cap
    assert cap is not None
    assert cap.max_total == int(re.search(r"max (\d+) yrs", ANNUAL)[1])  # type: ignore[index]


def test_per_person_activity() -> None:
    assert activity_named("Partner event participation (per person)").per.value == "person"


def test_certification_types() -> None:
    match = re.search(r"Types: (.+)\.", DOCUMENT)
    assert match
    assert [c.name for c in EDITION.certifications] == match[1].split(", ")
    assert {c.name: c.kind.value for c in EDITION.certifications} == {
        "Developer": "profile",
        "WCMS": "profile",
        "Solution": "profile",
        "Sales": "sales",
    }
    certification = activity_named("Certification")
    assert all(c.activity == certification.code for c in EDITION.certifications)


# ------------------------------------------------------------------- plans


def _plan_value(column: str, cell: str) -> Any:
    """A document cell in the edition's terms."""
    if column == "Subscription Price (USD/mo)":
        return cents(cell)
    if column == "GitHub Issue Tickets":
        count, period = cell.split("/")
        return int(count), period
    if column == "Response Time":
        if cell == "Community only":
            return "community", None
        match = re.fullmatch(r"≤ (\d+) hours", cell)
        assert match, cell
        return "hours", int(match[1])
    if column == "Installation Support":
        return {"❌ None": "none", "✅ Basic": "basic"}[cell]
    if column == "Guidance Meetings":
        match = re.fullmatch(r"(\d+) per (Fiscal Quarter|Month)(?: \((.+)\))?", cell)
        assert match, cell
        period = {"Fiscal Quarter": "quarter", "Month": "month"}[match[2]]
        return int(match[1]), period, match[3] or ""
    if column == "Revenue Requirement (USD/quarter)":
        return cents(cell)
    if column == "Product Roadmap Requests":
        return {"✅": True, "❌": False}[cell]
    if column == "Marketing Placement":
        return "none" if cell == "❌" else cell.lower()
    raise AssertionError(f"unknown column {column!r}")


def _plan_fields(plan_name: str, column: str) -> Any:
    matches = [p for p in EDITION.plans if p.name == plan_name]
    assert len(matches) == 1, plan_name
    plan = matches[0]
    return {
        "Subscription Price (USD/mo)": plan.price_cents,
        "GitHub Issue Tickets": (plan.tickets, plan.tickets_period),
        "Response Time": (plan.response, plan.response_hours),
        "Installation Support": plan.installation_support,
        "Guidance Meetings": (plan.guidance_meetings, plan.guidance_period, plan.guidance_note),
        "Revenue Requirement (USD/quarter)": plan.revenue_requirement_cents,
        "Product Roadmap Requests": plan.roadmap_requests,
        "Marketing Placement": plan.marketing_placement,
    }[column]


def test_plan_names_in_order() -> None:
    assert [row["Partner Plan Name"] for row in PLANS] == [p.name for p in EDITION.plans]


@pytest.mark.parametrize(
    ("plan", "column", "cell"),
    [
        pytest.param(
            row["Partner Plan Name"], column, cell, id=f"{row['Partner Plan Name']}-{column}"
        )
        for row in PLANS
        for column, cell in row.items()
        if column != "Partner Plan Name"
    ],
)
def test_plan_column(plan: str, column: str, cell: str) -> None:
    assert _plan_fields(plan, column) == _plan_value(column, cell)


# ---------------------------------------------------------------- benefits

BENEFIT_ROWS = [
    row
    for row in BENEFITS
    if row["Benefits"] != LEAD_PRIORITY_ROW and row["Benefits"] not in DISCOUNT_ROWS
]


def test_benefit_rows_match() -> None:
    assert [row["Benefits"] for row in BENEFIT_ROWS] == [b.name for b in EDITION.benefits]
    # Every row of the table is a benefit, the lead priority or a discount.
    assert len(BENEFIT_ROWS) + 1 + len(DISCOUNT_ROWS) == len(BENEFITS)


def test_document_columns_are_the_levels_above_student() -> None:
    assert list(BENEFITS[0])[1:] == DOC_LEVEL_COLUMNS == [lv.name for lv in EDITION.levels[1:]]


@pytest.mark.parametrize(
    ("benefit", "level_code", "cell"),
    [
        pytest.param(
            row["Benefits"],
            level.code,
            row[document_column(level)],
            id=f"{row['Benefits']}-{level.code}",
        )
        for row in BENEFIT_ROWS
        for level in EDITION.levels
    ],
)
def test_benefit_cell(benefit: str, level_code: str, cell: str) -> None:
    (row,) = [b for b in EDITION.benefits if b.name == benefit]
    assert cell in {"X", "-"}
    assert (level_code in row.levels) == (cell == "X")


LEAD_ROW = next(row for row in BENEFITS if row["Benefits"] == LEAD_PRIORITY_ROW)


@pytest.mark.parametrize("column", DOC_LEVEL_COLUMNS)
def test_lead_priority(column: str) -> None:
    assert EDITION.lead_priority[level_named(column).code] == int(LEAD_ROW[column])


def test_student_gets_no_leads() -> None:
    assert "student" not in EDITION.lead_priority


def _discount_cell(cell: str) -> tuple[int, bool]:
    """ "15%" → (15, False); "15%+ K.O.P." → (15, True): 15% plus the Kick-Off Package."""
    match = re.fullmatch(r"(\d+)%(\+ K\.O\.P\.)?", cell)
    assert match, cell
    return int(match[1]), match[2] is not None


@pytest.mark.parametrize(
    ("product_class", "level_code", "cell"),
    [
        pytest.param(
            row["Benefits"],
            level.code,
            row[document_column(level)],
            id=f"{row['Benefits']}-{level.code}",
        )
        for row in BENEFITS
        if row["Benefits"] in DISCOUNT_ROWS
        for level in EDITION.levels
    ],
)
def test_discount_cell(product_class: str, level_code: str, cell: str) -> None:
    (row,) = [d for d in EDITION.discounts if d.name == product_class]
    assert (row.percent[level_code], level_code in row.kick_off_package) == _discount_cell(cell)


def test_every_discount_row_is_in_the_document() -> None:
    assert {row["Benefits"] for row in BENEFITS} >= DISCOUNT_ROWS
    assert len(DISCOUNT_ROWS) == 3


# ------------------------------------------------------- numbers in the prose


def _prose(pattern: str) -> str:
    match = re.search(pattern, DOCUMENT)
    assert match, pattern
    return match[1]


def _edition_value(path: str) -> Any:
    value: Any = EDITION
    for part in path.split("."):
        value = getattr(value, part)
    return value


@pytest.mark.parametrize(
    ("pattern", "convert", "field"),
    [
        pytest.param(r"(\d+)% for a cold lead", int, "referral_cold_percent", id="cold-percent"),
        pytest.param(r"(\d+)% for a hot lead", int, "referral_hot_percent", id="hot-percent"),
        pytest.param(
            r"Kick-Off Package: USD (\d+)",
            lambda s: int(s) * 100,
            "kick_off_package.price_cents",
            id="kop-price",
        ),
        pytest.param(
            r"\((\d+)% discount\)", int, "kick_off_package.discount_percent", id="kop-discount"
        ),
        pytest.param(
            r"Program fee: \$(\d+)",
            lambda s: int(s) * 100,
            "membership.program_fee_cents",
            id="program-fee",
        ),
        pytest.param(
            r"Earn (\d+) points", int, "membership.points_path_points", id="points-path-points"
        ),
        pytest.param(
            r"Automatically becomes (\w+)\.",
            lambda s: level_named(s).code,
            "membership.points_path_level",
            id="points-path-level",
        ),
        pytest.param(
            r"Valid for (\d+) year",
            lambda s: int(s) * 12,
            "membership.validity_months",
            id="validity",
        ),
        pytest.param(
            r"(\d+)-day termination notice",
            int,
            "membership.termination_notice_days",
            id="termination-notice",
        ),
        pytest.param(r"Within (\d+) days, they must change", int, "logo_grace_days", id="logo"),
    ],
)
def test_number_in_prose(pattern: str, convert: Any, field: str) -> None:
    assert _edition_value(field) == convert(_prose(pattern))


def test_kick_off_package_activity_points() -> None:
    kop = EDITION.activity(EDITION.kick_off_package.activity)
    assert kop.name == "Kick-Off Package"
    assert kop.points == 15000
