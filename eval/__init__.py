"""Held-out evaluation of the NLU per language (`make eval`)."""
