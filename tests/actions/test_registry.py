"""Every custom action the domain lists is registered with rasa-sdk, and the other way round."""

from __future__ import annotations

from pathlib import Path

import yaml
from rasa_sdk.executor import ActionExecutor

ROOT = Path(__file__).resolve().parents[2]


def domain_actions() -> set[str]:
    names: set[str] = set()
    for path in (ROOT / "bot" / "domain").glob("*.yml"):
        names.update(yaml.safe_load(path.read_text()).get("actions") or [])
    return {n for n in names if not n.startswith("utter_")}


def test_every_domain_action_is_implemented_once_and_nothing_else_is():
    executor = ActionExecutor()
    executor.register_package("bot.actions")
    assert set(executor.actions) == domain_actions()
