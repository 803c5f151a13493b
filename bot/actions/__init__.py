"""Custom actions for the Rasa server, run by rasa-sdk in the app env (one action per module)."""
