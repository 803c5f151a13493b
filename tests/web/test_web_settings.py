"""Settings come from the environment, with localhost defaults and clear errors."""

from __future__ import annotations

import pytest

from web.settings import DEFAULT_SOCKETIO_CLIENT, Settings, SettingsError


def test_defaults_are_localhost_and_the_standard_ports():
    settings = Settings.from_env({})
    assert settings.host == "127.0.0.1"
    assert settings.port == 8000
    assert settings.rasa_url == "http://127.0.0.1:5005"
    assert settings.database_url is None
    assert settings.socketio_client == DEFAULT_SOCKETIO_CLIENT


def test_environment_variables_override_the_defaults():
    settings = Settings.from_env(
        {
            "WEB_HOST": "0.0.0.0",
            "WEB_PORT": "8100",
            "RASA_URL": "https://chat.example.org/",
            "DATABASE_URL": "postgresql+psycopg://opas@db/opas",
        }
    )
    assert (settings.host, settings.port) == ("0.0.0.0", 8100)
    assert settings.rasa_url == "https://chat.example.org"
    assert settings.rasa_origins == ("https://chat.example.org", "wss://chat.example.org")
    assert settings.database_url == "postgresql+psycopg://opas@db/opas"


@pytest.mark.parametrize(
    "environ",
    [{"WEB_PORT": "eighty"}, {"WEB_PORT": "70000"}, {"RASA_URL": "127.0.0.1:5005"}],
)
def test_unusable_values_are_refused_with_a_clear_error(environ: dict[str, str]):
    with pytest.raises(SettingsError):
        Settings.from_env(environ)
