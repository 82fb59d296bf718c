"""The people directory on each database: upserts that keep what a batch leaves out, people
who asked to be forgotten never re-created, the directory winning over platform profiles
(with the one documented exception), audience groups, export and erasure."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest

from bot.people.directory import Directory
from bot.people.entries import DirectoryEntry, Source
from bot.people.groups import AudienceGroup, AudienceGroups
from bot.records import Person, PersonRef, Platform
from bot.services import Services, build_services
from bot.settings import SurveySettings
from tests.support.server import make_settings

ANN = PersonRef(platform=Platform.TEAMS, tenant="tenant-1", user_id="29:ann")
BOB = PersonRef(platform=Platform.SLACK, tenant="T1", user_id="U_BOB")


@pytest.fixture
async def services(database_url: str) -> AsyncIterator[Services]:
    settings = make_settings(database_url)
    settings.surveys = SurveySettings.model_construct(
        it_departments=["IT", " Data  Platform "], ai_team_departments=["AI Lab", "it"]
    )
    built = build_services(settings)
    try:
        yield built
    finally:
        await built.close()


def entry(ref: PersonRef, **values: str | None) -> DirectoryEntry:
    return DirectoryEntry(ref=ref, **values)


async def person(directory: Directory, ref: PersonRef) -> Person:
    found = await directory.find(ref)
    assert found is not None
    return found


async def test_an_upsert_creates_then_updates_and_keeps_what_it_leaves_out(
    services: Services,
) -> None:
    directory = services.directory
    first = await directory.store(
        [
            entry(ANN, email="ann@example.com", name="Ann", department="Finance", timezone="UTC"),
            entry(BOB, department="IT"),
        ],
        source=Source.IMPORT,
    )
    assert (first.created, first.updated, first.forgotten) == (2, 0, [])
    again = await directory.store([entry(ANN, department="Legal")], source=Source.API)
    assert (again.created, again.updated) == (0, 1)
    ann = await person(directory, ANN)
    assert (ann.email, ann.display_name, ann.department, ann.timezone) == (
        "ann@example.com",
        "Ann",
        "Legal",
        "UTC",
    )
    assert (ann.department_source, ann.timezone_source, ann.name_source) == (
        "api",
        "import",
        "import",
    )


async def test_a_dry_run_says_what_would_happen_and_stores_nothing(services: Services) -> None:
    directory = services.directory
    await directory.store([entry(ANN)], source=Source.IMPORT)
    result = await directory.store([entry(ANN), entry(BOB)], source=Source.IMPORT, write=False)
    assert (result.created, result.updated) == (1, 1)
    assert await directory.find(BOB) is None


async def test_someone_who_asked_to_be_forgotten_is_never_recreated(services: Services) -> None:
    directory = services.directory
    await directory.store([entry(ANN, name="Ann"), entry(BOB)], source=Source.IMPORT)
    assert await services.people.forget(ANN)
    result = await directory.store([entry(BOB), entry(ANN, name="Ann")], source=Source.IMPORT)
    assert result.forgotten == [1]
    assert (result.created, result.updated) == (0, 1)
    assert await directory.find(ANN) is None
    # A platform profile refresh never creates anyone either.
    assert await directory.refresh(ANN) is None
    assert await directory.find(ANN) is None


async def test_an_imported_timezone_survives_the_platforms_first_report(
    services: Services,
) -> None:
    people, directory = services.people, services.directory
    await directory.store([entry(ANN, timezone="Europe/Berlin", name="Ann")], source=Source.IMPORT)
    # Teams reports another zone and name at the next activity: the directory's stay.
    seen = await people.see(ANN, display_name="Ann T.", timezone="America/New_York")
    assert seen is not None
    assert (seen.timezone, seen.timezone_source) == ("Europe/Berlin", "import")
    assert seen.display_name == "Ann"
    assert seen.platform_timezone == "America/New_York"
    # The same report again is no news: still the imported zone.
    seen = await people.see(ANN, timezone="America/New_York")
    assert seen is not None and seen.timezone == "Europe/Berlin"
    # The person moves: the platform's zone changes, which is newer than the file.
    seen = await people.see(ANN, timezone="Asia/Tokyo")
    assert seen is not None
    assert (seen.timezone, seen.timezone_source) == ("Asia/Tokyo", "teams")
    # Until the directory states a zone again.
    await directory.store([entry(ANN, timezone="Europe/Paris")], source=Source.IMPORT)
    assert (await person(directory, ANN)).timezone == "Europe/Paris"


async def test_platform_values_fill_what_the_directory_does_not_know(services: Services) -> None:
    people, directory = services.people, services.directory
    await directory.store([entry(ANN, department="Finance")], source=Source.IMPORT)
    seen = await people.see(ANN, display_name="Ann", timezone="Europe/Berlin")
    assert seen is not None
    assert (seen.display_name, seen.timezone, seen.timezone_source) == (
        "Ann",
        "Europe/Berlin",
        "teams",
    )
    # A zone the platform set follows the platform.
    seen = await people.see(ANN, display_name="Ann B.", timezone="Europe/London")
    assert seen is not None
    assert (seen.display_name, seen.timezone) == ("Ann B.", "Europe/London")
    assert seen.department == "Finance"


async def test_audience_groups_are_derived_from_the_configured_departments(
    services: Services,
) -> None:
    directory = services.directory
    await directory.store(
        [
            entry(ANN, department="data platform"),
            entry(BOB, department="AI  LAB"),
        ],
        source=Source.IMPORT,
    )
    assert directory.group_of(await person(directory, ANN)) is AudienceGroup.IT
    assert directory.group_of(await person(directory, BOB)) is AudienceGroup.AI_TEAM
    groups = directory.groups
    # Listed as both: the AI team is the more specific answer.
    assert groups.of_department("IT ") is AudienceGroup.AI_TEAM
    assert groups.of_department("Finance") is AudienceGroup.BUSINESS
    assert groups.of_department(None) is AudienceGroup.BUSINESS
    assert AudienceGroups().of_department("IT") is AudienceGroup.BUSINESS


async def test_export_shows_the_directory_fields_and_forget_erases_them(
    services: Services,
) -> None:
    directory = services.directory
    await directory.store(
        [entry(ANN, email="ann@example.com", department="Finance", timezone="UTC")],
        source=Source.IMPORT,
    )
    exported = json.loads(await services.people.export(ANN))["person"]
    assert exported["email"] == "ann@example.com"
    assert exported["department"] == "Finance"
    assert exported["department_source"] == "import"
    assert exported["department_updated_at"] is not None
    assert exported["timezone_source"] == "import"
    assert "title" in exported and "profile_checked_at" in exported
    await services.people.forget(ANN)
    assert json.loads(await services.people.export(ANN))["person"] is None
