"""The web app: the chat page, the NLG endpoint Rasa renders every response through, health."""
