"""Reading a YAML file into plain data while remembering the line of every field.

PyYAML forgets where values came from once it builds Python objects, so this composes the
node tree and builds the data itself, recording a line per path for error messages. Scalars
follow YAML 1.2's core schema, not PyYAML's 1.1 default: `on: wednesday` keeps the key "on"
(1.1 reads it as True), `equals: yes` stays "yes" and `start: 10:00` stays "10:00" (1.1 reads
a base-60 integer, 600). The file is outside input, so size, depth and alias expansion are
capped and every failure comes back as a Problem, never an exception.
"""

from __future__ import annotations

import math
import re
from typing import Any

import yaml

from bot.surveys.problems import Problem
from bot.surveys.rules import Path

MAX_CHARS = 1_000_000
MAX_DEPTH = 40
MAX_NODES = 50_000  # counts every expansion of an alias, so "billion laughs" stops here
TAG = "tag:yaml.org,2002:"


class CoreLoader(yaml.SafeLoader):
    """SafeLoader whose plain scalars resolve by YAML 1.2 core rules (see module docstring)."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012  (PyYAML's class registry)


for tag, pattern, first in (
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", list("tTfF")),
    ("int", r"^[-+]?[0-9]+$", list("-+0123456789")),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        list("-+0123456789."),
    ),
):
    CoreLoader.add_implicit_resolver(TAG + tag, re.compile(pattern), first)


class Located:
    """The data of a file and the line (1-based) where each path's value is written."""

    def __init__(self, data: Any, lines: dict[Path, int]) -> None:
        self.data = data
        self.lines = lines

    def line_of(self, path: Path) -> int | None:
        """The line of `path`, or of its nearest written ancestor (a missing field's parent)."""
        while path not in self.lines and path:
            path = path[:-1]
        return self.lines.get(path)


def read_yaml(text: str) -> Located | list[Problem]:
    if len(text) > MAX_CHARS:
        return [Problem(None, (), f"is larger than {MAX_CHARS // 1000} kB")]
    try:
        check_depth(text)
        root = yaml.compose(text, Loader=CoreLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        said = ", ".join(str(part) for part in (error.context, error.problem) if part)
        return [Problem(line, (), f"is not valid YAML: {said}")]
    except yaml.YAMLError as error:
        position = getattr(error, "position", None)
        line = text[:position].count("\n") + 1 if isinstance(position, int) else None
        return [Problem(line, (), "is not valid YAML: it contains a character YAML forbids")]
    except TooDeep as error:
        return [Problem(error.line, (), f"nests more than {MAX_DEPTH} levels deep")]
    builder = Builder()
    data = builder.build(root, ()) if root is not None else None
    return builder.problems or Located(data, builder.lines)


class TooDeep(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


def check_depth(text: str) -> None:
    """Walk the event stream (iterative) before composing (recursive), so a deeply nested file
    is a Problem rather than a RecursionError."""
    depth = 0
    for event in yaml.parse(text, Loader=CoreLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise TooDeep(event.start_mark.line + 1 if event.start_mark else 1)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def line_of(node: yaml.Node) -> int:
    return node.start_mark.line + 1 if node.start_mark is not None else 1


class Builder:
    def __init__(self) -> None:
        self.lines: dict[Path, int] = {}
        self.problems: list[Problem] = []
        self.nodes = 0
        self.open: set[int] = set()  # collections being built: an alias back to one is a loop

    def fail(self, node: yaml.Node, path: Path, message: str) -> None:
        self.problems.append(Problem(line_of(node), path, message))

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.lines.setdefault(path, line_of(node))
        self.nodes += 1
        if len(path) > MAX_DEPTH:  # aliases inside aliases nest deeper than the text shows
            self.fail(node, path, f"nests more than {MAX_DEPTH} levels deep")
            return None
        if self.nodes > MAX_NODES:
            if self.nodes == MAX_NODES + 1:
                self.fail(node, (), f"has more than {MAX_NODES} values (aliases counted)")
            return None
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if id(node) in self.open:
            self.fail(node, path, "an alias refers to a value that contains it")
            return None
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode) and node.tag == TAG + "seq":
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            if isinstance(node, yaml.MappingNode) and node.tag == TAG + "map":
                return self.mapping(node, path)
            self.fail(node, path, unsupported(node.tag))
            return None
        finally:
            self.open.discard(id(node))

    def mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_line: dict[str, int] = {}
        for key_node, value_node in node.value:
            line = line_of(key_node)
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, path, "a key must be a plain word, not a list or mapping")
                continue
            key = str(key_node.value)
            if key == "<<":
                self.fail(key_node, path, "merge keys (<<) are not supported; repeat the fields")
                continue
            if key in first_line:
                self.fail(
                    key_node, (*path, key), f"is given twice (first on line {first_line[key]})"
                )
                continue
            first_line[key] = line
            self.lines[(*path, key)] = line
            result[key] = self.build(value_node, (*path, key))
        return result

    def scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        kind, value = node.tag.removeprefix(TAG), node.value
        try:
            return convert_scalar(kind, value)
        except ValueError:
            self.fail(node, path, f"{value!r} is not a valid {kind}")
            return None
        except KeyError:
            self.fail(node, path, unsupported(node.tag))
            return None


def unsupported(tag: str) -> str:
    return f"uses the tag {tag.replace(TAG, '!!')}, which surveys files do not support"


def convert_scalar(kind: str, value: str) -> Any:
    if kind == "str":
        return value
    if kind == "null":
        return None
    if kind == "bool":
        if value.lower() not in ("true", "false"):
            raise ValueError(value)
        return value.lower() == "true"
    if kind == "int":
        return int(
            value.replace("_", ""),
            0 if value.lstrip("+-")[:2].lower() in ("0x", "0o", "0b") else 10,
        )
    if kind == "float":
        word = value.lower().lstrip("+-")
        if word in (".inf", ".nan"):
            sign = -1 if value.startswith("-") else 1
            return sign * math.inf if word == ".inf" else math.nan
        return float(value)
    raise KeyError(kind)
