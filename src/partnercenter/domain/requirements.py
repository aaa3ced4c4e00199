"""The registry of requirement kinds a level may ask for.

Each kind knows which fact it reads and how to say what is missing, so a later
edition can add a kind by registering it here, with no change to the engine.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Facts:
    """What the engine knows about a partner on a date; everything a tier depends on."""

    points: int = 0
    """Points in the window (trailing months before the as-of date)."""
    revenue_cents: int = 0
    """Revenue for the vendor in the same window, in cents."""
    profile_certifications: int = 0
    """Valid profile certifications held by the partner's people."""
    sales_certifications: int = 0
    """Valid sales certifications held by the partner's people."""
    student: bool = False
    """Enrolled as an educational (student) partner."""
    paid_plan: bool = False
    """Has an active paid plan (the program fee)."""

    def as_dict(self) -> dict[str, int | bool]:
        return {
            "points": self.points,
            "revenue_cents": self.revenue_cents,
            "profile_certifications": self.profile_certifications,
            "sales_certifications": self.sales_certifications,
            "student": self.student,
            "paid_plan": self.paid_plan,
        }

    @classmethod
    def from_dict(cls, data: dict[str, int | bool]) -> Facts:
        return cls(
            points=int(data.get("points", 0)),
            revenue_cents=int(data.get("revenue_cents", 0)),
            profile_certifications=int(data.get("profile_certifications", 0)),
            sales_certifications=int(data.get("sales_certifications", 0)),
            student=bool(data.get("student", False)),
            paid_plan=bool(data.get("paid_plan", False)),
        )


def _plural(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def _usd(cents: int) -> str:
    dollars, rest = divmod(cents, 100)
    return f"USD {dollars:,}" + (f".{rest:02d}" if rest else "")


@dataclass(frozen=True)
class RequirementKind:
    """A kind of requirement: the fact it reads and the words for it."""

    code: str
    label: str
    fact: Callable[[Facts], int]
    missing: Callable[[int], str]
    """Words for a shortfall of n, such as "7,400 more points"."""
    boolean: bool = False
    """A yes/no condition (needed is 1); it cannot be earned by activity."""
    amount: Callable[[int], str] = str
    """Words for an amount of this kind, such as "USD 15,000"."""


REQUIREMENT_KINDS: dict[str, RequirementKind] = {}


def register(kind: RequirementKind) -> RequirementKind:
    """Add a requirement kind to the registry (a later edition may use it)."""
    REQUIREMENT_KINDS[kind.code] = kind
    return kind


register(
    RequirementKind(
        code="points",
        label="Points in the window",
        fact=lambda f: f.points,
        missing=lambda n: f"{n:,} more points" if n != 1 else "1 more point",
        amount=lambda n: f"{n:,}",
    )
)
register(
    RequirementKind(
        code="revenue_cents",
        label="Revenue in the window",
        fact=lambda f: f.revenue_cents,
        missing=lambda n: f"{_usd(n)} more revenue",
        amount=_usd,
    )
)
register(
    RequirementKind(
        code="profile_certifications",
        label="Profile certifications",
        fact=lambda f: f.profile_certifications,
        missing=lambda n: _plural(n, "profile certification", "profile certifications"),
        amount=lambda n: f"{n:,}",
    )
)
register(
    RequirementKind(
        code="sales_certifications",
        label="Sales certifications",
        fact=lambda f: f.sales_certifications,
        missing=lambda n: _plural(n, "sales certification", "sales certifications"),
        amount=lambda n: f"{n:,}",
    )
)
register(
    RequirementKind(
        code="student_enrolment",
        label="Student enrolment",
        fact=lambda f: int(f.student),
        missing=lambda n: "a student enrolment",
        boolean=True,
        amount=lambda n: "yes" if n else "no",
    )
)
register(
    RequirementKind(
        code="paid_plan",
        label="Active paid plan",
        fact=lambda f: int(f.paid_plan),
        missing=lambda n: "an active paid plan",
        boolean=True,
        amount=lambda n: "yes" if n else "no",
    )
)
