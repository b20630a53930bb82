"""Reading an agreement data file with errors that name the place and the problem.

A `Node` wraps one value of the parsed YAML with its path (`amendments[2].signatures[0].date`) and
line. Readers ask a node for typed fields; every problem is collected, not raised, so one run reports
every mistake in the file at once.

The YAML is read stricter than PyYAML's safe loader: a key given twice is refused (PyYAML keeps the
last silently), an impossible unquoted date (`1998-02-30`) is a placed error rather than a traceback,
and nesting is limited to `MAX_DEPTH` levels (the seed needs 7) so a hostile file cannot exhaust the
stack. Text may not contain control characters such as NUL, which no contract prints.
"""

import difflib
import re
import unicodedata
from collections.abc import Container
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

MAX_DEPTH = 40
_CONTROL_CHARACTERS = {chr(c) for c in range(32)} - {"\t", "\n", "\r"} | {"\x7f"}


@dataclass(frozen=True)
class DataError:
    path: str
    message: str
    line: int | None = None

    def __str__(self):
        place = ", ".join(part for part in (f"line {self.line}" if self.line else "", self.path) if part)
        return f"{place}: {self.message}" if place else self.message


class _StrictLoader(yaml.SafeLoader):
    """Safe loading plus: duplicate keys refused, bad dates placed, depth limited, lines remembered."""

    def __init__(self, stream):
        super().__init__(stream)
        self.depth = 0
        self.lines = {}  # (id of a mapping or list, key or index) → line of that entry

    def compose_node(self, parent, index):
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                mark = self.peek_event().start_mark
                raise ComposerError(None, None, f"nested deeper than {MAX_DEPTH} levels", mark)
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_yaml_map(self, node):
        data: dict[object, object] = {}
        yield data
        self.flatten_mapping(node)
        first_lines: dict[object, int] = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                if key in first_lines:
                    raise ConstructorError(
                        "while reading a mapping",
                        node.start_mark,
                        f"the key {key!r} is given twice (first on line {first_lines[key]})",
                        key_node.start_mark,
                    )
                first_lines[key] = key_node.start_mark.line + 1
            except TypeError:
                raise ConstructorError(None, None, "a key must be plain text", key_node.start_mark) from None
            data[key] = self.construct_object(value_node, deep=True)
            self.lines[(id(data), key)] = key_node.start_mark.line + 1

    def construct_yaml_seq(self, node):
        data: list[object] = []
        yield data
        for index, item_node in enumerate(node.value):
            data.append(self.construct_object(item_node, deep=True))
            self.lines[(id(data), index)] = item_node.start_mark.line + 1

    def construct_yaml_timestamp(self, node):
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError as exc:
            raise ConstructorError(None, None, f"{node.value!r} is not a valid date ({exc})", node.start_mark) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:map", _StrictLoader.construct_yaml_map)
_StrictLoader.add_constructor("tag:yaml.org,2002:seq", _StrictLoader.construct_yaml_seq)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


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

    def __init__(self, value, path="", errors=None, *, line=None, lines=None, read=None):
        self.value = value
        self.path = path
        self.errors = errors if errors is not None else []
        self.line = line
        self.lines = lines if lines is not None else {}
        # Shared by every node of one file: (id of a mapping, key) asked for by a reader, the ids of
        # mappings taken whole, and the accepted keys whose values are not read. What no reader asked
        # for is an unknown key (`refuse_unknown_keys`).
        self.read = read if read is not None else {"keys": set(), "whole": set(), "opaque": set()}

    def _line(self, key):
        return self.line if key is None else self.lines.get((id(self.value), key), self.line)

    def _node(self, value, key):
        return Node(value, self._join(key), self.errors, line=self._line(key), lines=self.lines, read=self.read)

    def accept(self, *keys):
        """Keys the format documents but no record keeps (e.g. `source.exhibits`): not unknown."""
        if isinstance(self.value, dict):
            self.read["keys"].update((id(self.value), key) for key in keys)
            self.read["opaque"].update((id(self.value), key) for key in keys)

    def accept_whole(self):
        """This mapping's keys are data in themselves (a rule's parameters): none is unknown."""
        self.read["whole"].add(id(self.value))

    def error(self, message, key=None):
        self.errors.append(DataError(self._join(key), message, self._line(key)))

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
        self.read["keys"].add((id(self.value), key))
        if key not in self.value or self.value[key] is None:
            if required:
                self.error("is required", key)
            return _MISSING
        return self.value[key]

    def has(self, key):
        if not isinstance(self.value, dict):
            return False
        self.read["keys"].add((id(self.value), key))
        return self.value.get(key) is not None

    def refuse_unknown_keys(self):
        """Record an error, with its place, for every key of every mapping that no reader asked for."""
        asked: dict[int, set[str]] = {}
        for mapping, key in self.read["keys"]:
            asked.setdefault(mapping, set()).add(key)
        self._unknown(self.value, self.path, asked)

    def _unknown(self, value, path, asked):
        if isinstance(value, list):
            for index, item in enumerate(value):
                self._unknown(item, f"{path}[{index}]", asked)
        elif isinstance(value, dict) and id(value) not in self.read["whole"]:
            known = asked.get(id(value), set())
            for key, item in value.items():
                where = f"{path}.{key}" if path else str(key)
                if key in known:
                    if (id(value), key) not in self.read["opaque"]:
                        self._unknown(item, where, asked)
                    continue
                close = difflib.get_close_matches(str(key), sorted(known), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                self.errors.append(DataError(where, f"unknown key {key!r}{hint}", self.lines.get((id(value), key))))

    def text(self, key, required=False, max_length=None):
        raw = self._raw(key, required)
        if raw is _MISSING:
            return ""
        if isinstance(raw, (dict, list)):
            self.error(f"expected text, found {type(raw).__name__}", key)
            return ""
        text = str(raw).strip() if not isinstance(raw, str) else raw.strip()
        if _CONTROL_CHARACTERS.intersection(text):
            self.error("contains a control character (such as NUL), which no contract text has", key)
            return ""
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
            return self._node({}, key)
        if not isinstance(raw, dict):
            self.error(f"expected a mapping, found {type(raw).__name__}", key)
            return self._node({}, key)
        return self._node(raw, key)

    def items(self, key, required=False):
        raw = self._raw(key, required)
        if raw is _MISSING:
            return []
        if not isinstance(raw, list):
            self.error(f"expected a list, found {type(raw).__name__}", key)
            return []
        listed = self._node(raw, key)
        return [listed._node(item, i) for i, item in enumerate(raw)]

    def strings(self, key):
        """A list of plain strings (e.g. former names)."""
        result = []
        for item in self.items(key):
            if isinstance(item.value, (dict, list)) or item.value is None:
                item.error("expected text")
            elif _CONTROL_CHARACTERS.intersection(str(item.value)):
                item.error("contains a control character (such as NUL), which no contract text has")
            else:
                result.append(str(item.value).strip())
        return result


def read_data_file(path) -> Node:
    """Parse the YAML file; a syntax error or an empty file is reported with its place."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise DataFileError(path.name, [DataError("", "file not found")]) from exc
    return read_data_text(decode_data_file(data, path.name), path.name)


def decode_data_file(data: bytes, source: str) -> str:
    """The file's text; binary content (a NUL byte, not UTF-8) is refused with a plain message."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataFileError(
            source, [DataError("", f"not UTF-8 text ({exc.reason}): a data file is YAML text")]
        ) from exc
    if "\x00" in text:
        raise DataFileError(source, [DataError("", "binary content (NUL bytes): a data file is YAML text")])
    return text


def read_data_text(text: str, source: str) -> Node:
    """Parse a data file's text (`source` names it in errors); see `read_data_file`."""
    loader = _StrictLoader(text)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark else None
        raise DataFileError(source, [DataError(where, f"not valid YAML: {problem}", line)]) from exc
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise DataFileError(source, [DataError("", "the file must contain a YAML mapping")])
    return Node(data, line=1, lines=loader.lines)


_NOT_KEY_CHARACTERS = re.compile(r"[^a-z0-9]+")
KEY_BASE_LENGTH = 60


def row_key(text: str, taken: Container[str] = (), *, fallback: str = "row") -> str:
    """A short readable key for a row, derived once from its text and unique among `taken`.

    `"DDM-2000 OC-12 Shelf"` → `ddm-2000-oc-12-shelf`; when taken, `-2`, `-3`… is added. Derived
    once: a key never follows later edits of the text, so records keep their identity in the data
    file (see data/README.md, "Keys"). The data migrations that gave existing rows their keys keep
    a frozen copy of this function.
    """
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    base = _NOT_KEY_CHARACTERS.sub("-", ascii_text).strip("-")
    if len(base) > KEY_BASE_LENGTH:
        base = base[:KEY_BASE_LENGTH].rsplit("-", 1)[0] or base[:KEY_BASE_LENGTH]
    base = base or fallback
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    return key


_KEY_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def read_keys(nodes: list[Node], texts: list[str], *, fallback: str = "row") -> list[str]:
    """The `key` of each row of one parent, in order: as the file writes it, else `row_key(text)`.

    A key given twice under one parent, or not a lower-case slug, is a placed error. Derived keys
    avoid every key the file writes, so adding keys to a file later keeps the derived ones.
    """
    given = [node.text("key", max_length=80) for node in nodes]
    taken = {key for key in given if key}
    first: dict[str, str] = {}
    keys = []
    for node, key, text in zip(nodes, given, texts, strict=True):
        if key and not _KEY_PATTERN.fullmatch(key):
            node.error(f"{key!r} is not a key: lower-case letters and digits joined by hyphens", "key")
        elif key in first:
            node.error(f"duplicate key {key!r} (first used at {first[key]})", "key")
        if not key:
            key = row_key(text, taken, fallback=fallback)
            taken.add(key)
        first.setdefault(key, node.path)
        keys.append(key)
    return keys
