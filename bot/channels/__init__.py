"""Rasa input channels that make sure every user message gets a reply (engine env)."""
