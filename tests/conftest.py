"""Shared test set-up: the engine's tests run only in the environment that has Rasa."""

import importlib.util

# tests/engine imports rasa (Python 3.10 engine env); the app env must never import it.
collect_ignore = [] if importlib.util.find_spec("rasa") else ["engine"]
