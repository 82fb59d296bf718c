"""What is wrong with a surveys file, one line per problem, naming the file, line and field:

surveys.yaml line 14, surveys[1].questions[2].show_if: refers to question 'helped' which
comes later   (one line when printed)
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.surveys.rules import Path, render_path


@dataclass(frozen=True)
class Problem:
    line: int | None
    path: Path
    message: str

    def render(self, source: str) -> str:
        where = source if self.line is None else f"{source} line {self.line}"
        field = render_path(self.path)
        return f"{where}, {field}: {self.message}" if field else f"{where}: {self.message}"


@dataclass(frozen=True)
class SurveyProblems:
    """A surveys file that cannot be used; nothing in it is applied, not even the good parts."""

    source: str
    problems: tuple[Problem, ...]

    def lines(self) -> list[str]:
        ordered = sorted(self.problems, key=lambda p: (p.line or 0, p.path.__repr__()))
        return [problem.render(self.source) for problem in ordered]

    def __str__(self) -> str:
        return "\n".join(self.lines())
