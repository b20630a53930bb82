"""How names are compared: the documents spell one entity or product many ways.

"KMC Telecom Leasing III LLC", "KMC TELECOM LEASING III LLC" and "KMC Telecom Leasing III, LLC"
are the same name; so are "PathStar(TM) Access Server" and "PathStar Access Server".
"""

import re
import unicodedata

from django.db import models

_TRADEMARKS = re.compile(r"\((?:tm|r|sm|c)\)|[\u2122\u00ae\u2120\u00a9]", re.IGNORECASE)
_NOT_WORD = re.compile(r"[^0-9a-z]+")


def normalize_name(name: str) -> str:
    """Lower-case, without trademark marks, accents or punctuation; words single-spaced."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _TRADEMARKS.sub(" ", text)
    # "TM" glued to a word, as in "PacketStarTM", is a trademark mark too.
    text = re.sub(r"(?<=[a-z])TM\b", " ", text)
    text = _NOT_WORD.sub(" ", text.lower())
    return " ".join(text.split())


class NormalizedNameModel(models.Model):
    """A model found by any spelling of its `name`: keeps `normalized_name` in step on every save."""

    # Declared by each subclass (a CharField each); named here so the type checker knows them.
    name: str
    normalized_name: str

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.normalized_name = normalize_name(self.name)
        super().save(*args, **kwargs)
