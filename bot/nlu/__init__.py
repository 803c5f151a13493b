"""Custom NLU components that run inside the Rasa server (engine env)."""
