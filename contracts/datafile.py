"""Reading an agreement data file with errors that name the place and the problem.

A `Node` wraps one value of the parsed YAML with its path (`amendments[2].signatures[0].date`).
Readers ask a node for typed fields; every problem is collected, not raised, so one run reports
every mistake in the file at once.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml


@dataclass(frozen=True)
class DataError:
    path: str
    message: str

    def __str__(self):
        return f"{self.path}: {self.message}" if self.path else self.message


class DataFileError(Exception):
    """The file is not loadable; `errors` lists every problem found."""

    def __init__(self, source, errors):
        self.source = source
        self.errors = list(errors)
        lines = "\n".join(f"  {source}: {error}" for error in self.errors)
        super().__init__(f"{len(self.errors)} problem(s) in {source}:\n{lines}")


_MISSING = object()


class Node:
    """One value in the data file, with its path and the shared error list."""

    def __init__(self, value, path="", errors=None):
        self.value = value
        self.path = path
        self.errors = errors if errors is not None else []

    def error(self, message, key=None):
        self.errors.append(DataError(self._join(key), message))

    def _join(self, key):
        if key is None:
            return self.path
        if isinstance(key, int):
            return f"{self.path}[{key}]"
        return f"{self.path}.{key}" if self.path else str(key)

    def _raw(self, key, required):
        if not isinstance(self.value, dict):
            self.error(f"expected a mapping, found {type(self.value).__name__}")
            return _MISSING
        if key not in self.value or self.value[key] is None:
            if required:
                self.error("is required", key)
            return _MISSING
        return self.value[key]

    def has(self, key):
        return isinstance(self.value, dict) and self.value.get(key) is not None

    def text(self, key, required=False, max_length=None):
        raw = self._raw(key, required)
        if raw is _MISSING:
            return ""
        if isinstance(raw, (dict, list)):
            self.error(f"expected text, found {type(raw).__name__}", key)
            return ""
        text = str(raw).strip() if not isinstance(raw, str) else raw.strip()
        if max_length and len(text) > max_length:
            self.error(f"is {len(text)} characters long; at most {max_length} allowed", key)
        return text

    def integer(self, key, required=False, minimum=None):
        raw = self._raw(key, required)
        if raw is _MISSING:
            return None
        if isinstance(raw, bool) or not isinstance(raw, int):
            self.error(f"{raw!r} is not a whole number", key)
            return None
        if minimum is not None and raw < minimum:
            self.error(f"{raw} is below the minimum {minimum}", key)
            return None
        return raw

    def date(self, key, required=False):
        raw = self._raw(key, required)
        if raw is _MISSING:
            return None
        if isinstance(raw, date):
            return raw
        try:
            return date.fromisoformat(str(raw))
        except ValueError:
            self.error(f"{raw!r} is not a valid date (YYYY-MM-DD)", key)
            return None

    def decimal(self, key, required=False, minimum=None, maximum=None):
        raw = self._raw(key, required)
        if raw is _MISSING:
            return None
        if isinstance(raw, float):
            self.error(f"{raw!r} must be written as a quoted decimal string, not a float", key)
            return None
        try:
            value = Decimal(str(raw).strip())
        except InvalidOperation:
            self.error(f"{raw!r} is not a number", key)
            return None
        if not value.is_finite():
            self.error(f"{raw!r} is not a finite number", key)
            return None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            self.error(f"{value} is outside {minimum}..{maximum}", key)
            return None
        return value

    def boolean(self, key, default=False):
        raw = self._raw(key, False)
        if raw is _MISSING:
            return default
        if not isinstance(raw, bool):
            self.error(f"{raw!r} is not true or false", key)
            return default
        return raw

    def choice(self, key, choices, required=False):
        value = self.text(key, required)
        if value and value not in choices:
            self.error(f"{value!r} is not one of {', '.join(sorted(choices))}", key)
            return ""
        return value

    def child(self, key, required=False):
        raw = self._raw(key, required)
        if raw is _MISSING:
            return Node({}, self._join(key), self.errors)
        if not isinstance(raw, dict):
            self.error(f"expected a mapping, found {type(raw).__name__}", key)
            return Node({}, self._join(key), self.errors)
        return Node(raw, self._join(key), self.errors)

    def items(self, key, required=False):
        raw = self._raw(key, required)
        if raw is _MISSING:
            return []
        if not isinstance(raw, list):
            self.error(f"expected a list, found {type(raw).__name__}", key)
            return []
        base = self._join(key)
        return [Node(item, f"{base}[{i}]", self.errors) for i, item in enumerate(raw)]

    def strings(self, key):
        """A list of plain strings (e.g. former names)."""
        result = []
        for item in self.items(key):
            if isinstance(item.value, (dict, list)) or item.value is None:
                item.error("expected text")
            else:
                result.append(str(item.value).strip())
        return result


def read_data_file(path) -> Node:
    """Parse the YAML file; a syntax error or an empty file is reported with its place."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise DataFileError(path.name, [DataError("", "file not found")]) from exc
    except UnicodeDecodeError as exc:
        raise DataFileError(path.name, [DataError("", f"not UTF-8 text ({exc.reason})")]) from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataFileError(path.name, [DataError(where, f"not valid YAML: {problem}")]) from exc
    if not isinstance(data, dict):
        raise DataFileError(path.name, [DataError("", "the file must contain a YAML mapping")])
    return Node(data)
