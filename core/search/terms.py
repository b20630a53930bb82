"""How a typed text becomes the terms searched.

A query is cut into terms (`name_terms` for names, `word_terms` for long texts); each term gives one
indexed condition (`core.search.conditions`). A text shorter than three characters has no trigram to look
up (`MIN_INDEXED_LENGTH`): it falls back to a scan, which is acceptable because such a query is rare and
capped by pagination.
"""

from collections.abc import Sequence

from core.search.compact import compact_key

MIN_INDEXED_LENGTH = 3
# A longer query adds conditions, not precision: the rest of its words are ignored.
MAX_TERMS = 8
# Words that would match nearly every provision (PostgreSQL's English configuration drops them too).
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "shall",
        "that",
        "the",
        "this",
        "to",
        "was",
        "will",
        "with",
    ]
)


def name_terms(normalized: str) -> list[str]:
    """The terms a name query is matched by: its words, compacted; a word shorter than three characters
    is joined to the next one ("oc 12" → "oc12", "ddm 2000 oc 12" → "ddm", "2000", "oc12"), so that a
    spelling with or without the space finds the same names and each term has a trigram to look up. A
    short last word stays a term of its own ("amendment 3"; see `strong_terms`)."""
    terms: list[str] = []
    pending = ""
    for word in normalized.split():
        pending += compact_key(word)
        if len(pending) >= MIN_INDEXED_LENGTH:
            terms.append(pending)
            pending = ""
    if pending:
        terms.append(pending)
    return list(dict.fromkeys(terms))[:MAX_TERMS]


def strong_terms(terms: Sequence[str]) -> list[str]:
    """The terms an index can look up, when there are any: a short last word ("LNM970313MP/3") would be
    read by a scan of every name and is left out then (it would match nearly every row anyway)."""
    return [term for term in terms if len(term) >= MIN_INDEXED_LENGTH] or list(terms)


def word_terms(normalized: str) -> list[str]:
    """The words a full-text query is matched by: without stop words, each once, at most `MAX_TERMS`."""
    words = [word for word in normalized.split() if word not in STOP_WORDS]
    return list(dict.fromkeys(words))[:MAX_TERMS]
