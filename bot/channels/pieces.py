"""Cutting a long message into the pieces a messaging app accepts (Telegram 4096, Twilio 1600).

Plain Python with no engine imports: the web app uses it too, for advisers' replies.
"""

from __future__ import annotations

# Where a cut reads best, in order: between paragraphs, between lines, between words.
BREAKS = ("\n\n", "\n", " ")


def split_message(text: str | None, limit: int) -> list[str]:
    """Pieces of at most `limit` characters, cut at the best break past half the limit."""
    pieces: list[str] = []
    rest = (text or "").strip()
    while len(rest) > limit:
        window = rest[: limit + 1]  # a break right after the limit still makes a full piece
        cut = next((at for mark in BREAKS if (at := window.rfind(mark)) > limit // 2), limit)
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        pieces.append(rest)
    return pieces
