"""What every settings section shares: list parsing, refusing placeholder secrets."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import SecretStr
from pydantic_settings import NoDecode, SettingsConfigDict

PLACEHOLDER_SECRETS = frozenset({"changeme", "change-me", "secret", "password", "xxx", "todo"})
SECRET_KEY_MIN = 32


def split_csv(value: Any) -> Any:
    """Comma-separated lists in one variable, the way operators write them."""
    if isinstance(value, str):
        return [item.strip() for item in value.split(",") if item.strip()]
    return value


def refuse_placeholder(value: SecretStr | None) -> SecretStr | None:
    if value is not None and value.get_secret_value().strip().lower() in PLACEHOLDER_SECRETS:
        raise ValueError("is a placeholder, not a real secret")
    if value is not None and not value.get_secret_value().strip():
        raise ValueError("is empty; unset it instead")
    return value


Csv = Annotated[list[str], NoDecode]


def section_config(prefix: str) -> SettingsConfigDict:
    return SettingsConfigDict(
        env_prefix=prefix, env_file=".env", extra="ignore", populate_by_name=True
    )
