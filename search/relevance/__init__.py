"""The relevance set (set.yaml) and its measures: hits@3 and mean reciprocal rank.

Pure functions: the caller loads the corpus (`CORPUS_PAGES`) as it likes and gives
`evaluate` a function that answers a query with the ranked keys of the corpus pages.
"""

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

SET_FILE = Path(__file__).with_name("set.yaml")
TOP = 3


@lru_cache(maxsize=1)
def relevance_set() -> dict:
    return yaml.safe_load(SET_FILE.read_text(encoding="utf-8"))


def corpus_pages() -> dict[str, dict]:
    return relevance_set()["pages"]


def queries() -> list[dict]:
    return relevance_set()["queries"]


@dataclass
class Report:
    total: int = 0
    hits_at_3: int = 0
    reciprocal_ranks: float = 0.0
    failures: list[str] = field(default_factory=list)

    @property
    def hit_rate(self) -> float:
        return self.hits_at_3 / self.total if self.total else 0.0

    @property
    def mrr(self) -> float:
        return self.reciprocal_ranks / self.total if self.total else 0.0

    @property
    def passed(self) -> int:
        return self.total - len(self.failures)

    def summary(self) -> str:
        return (
            f"hits@{TOP} {self.hit_rate:.2f}  MRR {self.mrr:.2f}  "
            f"expectations met {self.passed}/{self.total}"
        )


def evaluate(ranked_keys) -> Report:
    """`ranked_keys(q)` -> the corpus keys of the results, best first."""
    report = Report()
    for case in queries():
        keys = list(ranked_keys(case["q"]))
        rank = keys.index(case["expect"]) + 1 if case["expect"] in keys else None
        report.total += 1
        if rank is not None:
            report.reciprocal_ranks += 1 / rank
            report.hits_at_3 += rank <= TOP
        if rank is None or rank > case["within"]:
            report.failures.append(f"{case['kind']}: « {case['q']} » -> {case['expect']} at {rank}")
    return report
