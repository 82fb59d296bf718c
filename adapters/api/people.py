"""PUT /api/v1/people: the people directory from an HR system or a script.

The body is a JSON array of at most MAX_PEOPLE people (and at most
GROUNDSWELL_MAX_BODY_BYTES). What a client can rely on:

- 400: an item breaks the schema; `fields[].field` is `<index>.<field>` (`3.timezone`), every
  problem is listed, and nothing was stored.
- 200: every item was stored (created or updated, an upsert on platform, workspace and user),
  except those listed in `not_stored` by index: a later item for the same person as an
  earlier one (`duplicate`: the first wins), or a person who asked to be forgotten
  (`forgotten`: never re-created). Values left out or null keep what is stored.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from aiohttp import web
from pydantic import BaseModel, Field, TypeAdapter, ValidationError, field_validator

from adapters.api.auth import TokenCheck
from adapters.api.errors import invalid, json_error, read_json_value
from adapters.api.schemas import Body, FieldError
from bot.people.entries import (
    EMAIL,
    EMAIL_PATTERN,
    MAX_EMAIL,
    MAX_ID,
    MAX_TEXT,
    DirectoryEntry,
    Source,
    check_entry,
    is_known_zone,
    known_zones,
)
from bot.records import Platform
from bot.services import Services

MAX_PEOPLE = 500
DUPLICATE = "duplicate"
FORGOTTEN = "forgotten"


def list_zones(schema: dict[str, Any]) -> None:
    # Filled in when the document is built, from the tz database this server checks against.
    schema["enum"] = sorted(known_zones())


class PersonIn(Body):
    platform: Platform = Field(description="slack or teams")
    workspace: str = Field(
        min_length=1, max_length=MAX_ID, description="Slack team id or Teams tenant id"
    )
    user: str = Field(min_length=1, max_length=MAX_ID, description="the platform user id")
    email: str | None = Field(
        default=None, max_length=MAX_EMAIL, json_schema_extra={"pattern": EMAIL_PATTERN}
    )
    name: str | None = Field(default=None, max_length=MAX_TEXT)
    department: str | None = Field(
        default=None,
        max_length=MAX_TEXT,
        description="GROUNDSWELL_IT_DEPARTMENTS and GROUNDSWELL_AI_TEAM_DEPARTMENTS name "
        "the ones that are not the business",
    )
    timezone: Annotated[str, Field(json_schema_extra=list_zones)] | None = Field(
        default=None, description="an IANA timezone such as Europe/Berlin"
    )

    @field_validator("email")
    @classmethod
    def _email(cls, value: str | None) -> str | None:
        if value is not None and EMAIL.search(value) is None:
            raise ValueError("is not an email address (name@example.com)")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value is not None and not is_known_zone(value):
            raise ValueError("is not an IANA timezone (e.g. Europe/Berlin)")
        return value


PeopleIn = Annotated[list[PersonIn], Field(max_length=MAX_PEOPLE)]
PEOPLE_IN: TypeAdapter[list[PersonIn]] = TypeAdapter(PeopleIn)


class NotStored(BaseModel):
    index: int = Field(description="the item's position in the request, from 0")
    reason: Literal["duplicate", "forgotten"]
    message: str


class PeopleOut(BaseModel):
    stored: int = Field(description="items stored: created + updated")
    created: int
    updated: int
    not_stored: list[NotStored] = Field(description="items not stored, and why")


def entry_of(item: PersonIn) -> DirectoryEntry | list[FieldError]:
    checked = check_entry(
        {
            "platform": item.platform.value,
            "workspace": item.workspace,
            "user_id": item.user,
            "email": item.email,
            "name": item.name,
            "department": item.department,
            "timezone": item.timezone,
        }
    )
    if isinstance(checked, DirectoryEntry):
        return checked
    names = {"user_id": "user"}
    return [
        FieldError(field=names.get(problem.field, problem.field), message=problem.message)
        for problem in checked
    ]


class PeopleApi:
    def __init__(self, services: Services, tokens: TokenCheck, max_body: int) -> None:
        self._directory = services.directory
        self._tokens = tokens
        self._max_body = max_body

    async def put(self, request: web.Request) -> web.Response:
        refused = self._tokens.refuse(request)
        if refused is not None:
            return refused
        data = await read_json_value(request, self._max_body)
        if isinstance(data, web.Response):
            return data
        if not isinstance(data, list):
            message = "must be a JSON array of people"
            return json_error(
                400,
                "invalid_request",
                f"body {message}",
                [FieldError(field="body", message=message)],
            )
        try:
            items = PEOPLE_IN.validate_python(data)
        except ValidationError as error:
            return invalid(error)
        entries: list[tuple[int, DirectoryEntry]] = []
        problems: list[FieldError] = []
        report = PeopleOut(stored=0, created=0, updated=0, not_stored=[])
        first: dict[tuple[str, str, str], int] = {}
        for index, item in enumerate(items):
            entry = entry_of(item)
            if not isinstance(entry, DirectoryEntry):
                problems += [
                    FieldError(field=f"{index}.{found.field}", message=found.message)
                    for found in entry
                ]
                continue
            key = (entry.ref.platform.value, entry.ref.tenant, entry.ref.user_id)
            earlier = first.setdefault(key, index)
            if earlier != index:
                message = f"the same person as item {earlier}, which was stored"
                report.not_stored.append(NotStored(index=index, reason=DUPLICATE, message=message))
                continue
            entries.append((index, entry))
        if problems:  # the schema should have refused these first; answer the same way
            names = ", ".join(sorted({item.field for item in problems}))
            return json_error(400, "invalid_request", f"invalid fields: {names}", problems)
        stored = await self._directory.store([entry for _i, entry in entries], source=Source.API)
        report.not_stored += [
            NotStored(
                index=entries[position][0],
                reason=FORGOTTEN,
                message="this person asked to be forgotten: not stored",
            )
            for position in stored.forgotten
        ]
        report.not_stored.sort(key=lambda item: item.index)
        report.created, report.updated = stored.created, stored.updated
        report.stored = stored.created + stored.updated
        return web.json_response(text=report.model_dump_json())


def add_people_routes(app: web.Application, services: Services) -> None:
    core = services.settings.core
    api = PeopleApi(services, TokenCheck(core.api_secret_tokens()), core.max_body_bytes)
    app.router.add_put("/api/v1/people", api.put)
