"""Yes, no or unknown, with the reason; and how several checks combine into one answer.

"Unknown" is what no document states or implies; it is never turned into "no" or zero.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum


class Standing(Enum):
    YES = "yes"
    NO = "no"
    UNKNOWN = "unknown"


def combine(*standings: Standing) -> Standing:
    """All must hold: any NO makes NO; otherwise any UNKNOWN makes UNKNOWN; otherwise YES."""
    if Standing.NO in standings:
        return Standing.NO
    if Standing.UNKNOWN in standings:
        return Standing.UNKNOWN
    return Standing.YES


@dataclass(frozen=True)
class Check:
    """One condition of an answer (e.g. "is a Customer", "within the Term") and why it stands so."""

    standing: Standing
    reason: str


@dataclass(frozen=True)
class Verdict:
    """Checks that must all hold. `deciding` are the reasons a reader needs: the failing checks when
    the answer is no, the undecidable ones when it is unknown, all of them when it is yes."""

    checks: tuple[Check, ...]

    @classmethod
    def of(cls, checks: Iterable[Check]) -> "Verdict":
        return cls(tuple(checks))

    @property
    def standing(self) -> Standing:
        return combine(*(check.standing for check in self.checks))

    @property
    def deciding(self) -> tuple[Check, ...]:
        standing = self.standing
        if standing is Standing.YES:
            return self.checks
        return tuple(check for check in self.checks if check.standing is standing)

    @property
    def reasons(self) -> tuple[str, ...]:
        """The deciding reasons, in the order the checks were made."""
        return tuple(check.reason for check in self.deciding)

    @property
    def reason(self) -> str:
        return " ".join(self.reasons)
