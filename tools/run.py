"""`make run`: start Rasa, the action server and the web app in the foreground; Ctrl-C stops all."""

from __future__ import annotations

import os
import secrets
import signal
import sys
import time

from tools.paths import ROOT, VAR
from tools.stack import Stack
from tools.train import model_path

TOKEN_FILE = VAR / "service-token"
TWILIO_VARIABLES = ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_NUMBER")


def _generated_token() -> str:
    """A token for this run, in a file only its owner can read (not printed, not in logs)."""
    token = secrets.token_urlsafe(24)
    VAR.mkdir(exist_ok=True)
    TOKEN_FILE.touch(mode=0o600)
    TOKEN_FILE.chmod(0o600)
    TOKEN_FILE.write_text(token + "\n")
    return token


def channel_state(*variables: str) -> str:
    """Whether a messaging channel is on, and if not, what turns it on."""
    missing = [name for name in variables if not os.environ.get(name)]
    if not missing:
        return "on"
    return f"off (set {', '.join(missing)}; see the README)"


def telegram_state() -> str:
    state = channel_state("TELEGRAM_TOKEN")
    secured = os.environ.get("TELEGRAM_WEBHOOK_URL") or os.environ.get("TELEGRAM_WEBHOOK_SECRET")
    if state == "on" and not secured:
        # Without either, the channel cannot tell Telegram's updates from anyone else's.
        return "on, but refusing updates: set TELEGRAM_WEBHOOK_URL or TELEGRAM_WEBHOOK_SECRET"
    return state


def main() -> None:
    model = model_path()
    if not model.exists():
        sys.exit(f"No trained model for the current inputs ({model.name}): run `make train`.")
    # The conversations API can pause and rewrite any conversation: never run it without a token.
    token = os.environ.get("OPAS_SERVICE_TOKEN") or _generated_token()
    stack = Stack(model=model, token=token)
    # Ctrl-C must stop all three even when started from a shell that ignores SIGINT for us.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    where_token = (
        "$OPAS_SERVICE_TOKEN"
        if "OPAS_SERVICE_TOKEN" in os.environ
        else str(TOKEN_FILE.relative_to(ROOT))
    )
    print("Starting Rasa (loading the model takes about half a minute), actions and web ...")
    try:
        stack.start()
        print(
            f"\n  Chat:        {stack.web_url}/\n"
            f"  Embedded:    {stack.web_url}/embed-example?lang=fi&municipality=Vantaa\n"
            f"  Console:     {stack.web_url}/console  (create an adviser first: "
            "python -m web.advisers create-user NAME --org ORG)\n"
            f"  Telegram:    {telegram_state()}\n"
            f"  WhatsApp:    {channel_state(*TWILIO_VARIABLES)}\n"
            f"  Rasa API:    {stack.rasa_url} (token: "
            f"{where_token})\n"
            f"  Actions:     {stack.actions_url}\n\n"
            "Press Ctrl-C to stop all three.\n",
            flush=True,
        )
        while all(p.poll() is None for p in stack.processes.values()):
            time.sleep(1)
        dead = [name for name, p in stack.processes.items() if p.poll() is not None]
        print(f"Stopped because {', '.join(dead)} exited.", file=sys.stderr)
    except KeyboardInterrupt:
        print("\nStopping ...")
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
