"""One line of a comparison between two points in time, in words an auditor reads.

A plain value shared by every app that contributes rows to a comparison (`contracts.compare`,
`pricing.compare`, `releases.compare`), so none of them depends on another for it.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    subject: str
    before: str
    after: str
