"""`make eval`: how well the trained model understands each language, on messages it never saw.

eval/nlu/<code>.yml holds, per language, at least ten messages per intent written apart from
the training data. For every language this reports intent accuracy and macro-F1, entity F1
for municipalities (value and span), language identification on messages of three words or
more, and the share of replies that would come in the user's language: the conversation
starts in the language the user chose on the website, and only a wrong detection switches it.
Explicit requests to switch language are left out of both language measures. Runs in the
engine environment.
"""

from __future__ import annotations

import asyncio
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data
from sklearn.metrics import f1_score

from bot.nlu.language_rules import words

ROOT = Path(__file__).resolve().parents[2]
EVAL_DIR = ROOT / "eval" / "nlu"
REPORT = ROOT / "var" / "eval" / "report.md"
MISSES = REPORT.with_name("misses.tsv")  # language, gold, predicted, message: what to study next
TARGETS = {"intent_f1": 0.90, "language_id": 0.97, "reply_language": 0.98}
MIN_WORDS_FOR_LANGUAGE_ID = 3


@dataclass
class Tally:
    gold: list[str] = field(default_factory=list)
    predicted: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)
    entities_true: int = 0
    entities_predicted: int = 0
    entities_right: int = 0
    language_asked: int = 0
    language_right: int = 0
    replies: int = 0
    replies_right: int = 0

    def row(self, lang: str) -> dict[str, Any]:
        right = sum(g == p for g, p in zip(self.gold, self.predicted, strict=True))
        precision = (
            self.entities_right / self.entities_predicted if self.entities_predicted else 1.0
        )
        recall = self.entities_right / self.entities_true if self.entities_true else 1.0
        entity_f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "language": lang,
            "messages": len(self.gold),
            "intent_accuracy": right / len(self.gold),
            "intent_f1": f1_score(
                self.gold,
                self.predicted,
                labels=sorted(set(self.gold)),  # the intents asked about; a fallback is a miss
                average="macro",
                zero_division=0,
            ),
            "entity_f1": entity_f1,
            "language_id": self.language_right / self.language_asked
            if self.language_asked
            else 1.0,
            "reply_language": self.replies_right / self.replies if self.replies else 1.0,
        }


def ratio(part: int, whole: int) -> float:
    """part / whole, and 1.0 when there was nothing to get right."""
    return part / whole if whole else 1.0


def municipalities(entities: list[dict[str, Any]]) -> set[tuple[str, int, int]]:
    return {
        (str(e.get("value")), int(e.get("start", -1)), int(e.get("end", -1)))
        for e in entities
        if e.get("entity") == "municipality"
    }


async def evaluate(model: Path) -> tuple[list[dict[str, Any]], list[str]]:
    agent = Agent.load(str(model))
    rows = []
    misses: list[str] = []
    for path in sorted(EVAL_DIR.glob("*.yml")):
        lang = path.stem
        tally = Tally()
        for example in load_data(str(path)).intent_examples:
            text = example.get("text")
            parsed = await agent.parse_message(text)
            gold = example.get("intent")
            tally.gold.append(gold)
            predicted = (parsed.get("intent") or {}).get("name") or "none"
            tally.predicted.append(predicted)
            if predicted != gold:
                tally.misses.append(f"{lang}\t{gold}\t{predicted}\t{text}")
            expected = municipalities(example.get("entities") or [])
            found = municipalities(parsed.get("entities") or [])
            tally.entities_true += len(expected)
            tally.entities_predicted += len(found)
            tally.entities_right += len(expected & found)
            detected = (parsed.get("language_detection") or {}).get("language")
            # A request to switch ("in English please") is not in the language it names.
            if gold == "switch_language":
                continue
            if len(words(text)) >= MIN_WORDS_FOR_LANGUAGE_ID:
                tally.language_asked += 1
                tally.language_right += detected == lang
            tally.replies += 1
            tally.replies_right += (detected or lang) == lang
        rows.append(tally.row(lang))
        misses.extend(tally.misses)
        print(f"{lang}: {len(tally.gold)} messages", file=sys.stderr)
    return rows, misses


def table(rows: list[dict[str, Any]]) -> str:
    header = (
        "| language | messages | intent accuracy | intent macro-F1 | municipality F1 "
        "| language ID (3+ words) | replies in the user's language |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n"
    )
    lines = [
        f"| {r['language']} | {r['messages']} | {r['intent_accuracy']:.3f} "
        f"| {r['intent_f1']:.3f} | {r['entity_f1']:.3f} | {r['language_id']:.3f} "
        f"| {r['reply_language']:.3f} |"
        for r in rows
    ]
    return header + "\n".join(lines) + "\n"


def main(argv: list[str]) -> int:
    """Evaluates the model named on the command line, or else the newest one in var/models."""
    models = [Path(a) for a in argv] or sorted(
        (ROOT / "var" / "models").glob("opas-*.tar.gz"), key=lambda p: p.stat().st_mtime
    )
    if not models:
        print("no trained model: run `make train`", file=sys.stderr)
        return 2
    rows, misses = asyncio.run(evaluate(models[-1]))
    report = table(rows)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(report, encoding="utf-8")
    MISSES.write_text("\n".join(misses) + "\n", encoding="utf-8")
    (REPORT.with_suffix(".json")).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    print(report)
    misses = [
        f"{r['language']} {name} {r[name]:.3f} < {target}"
        for r in rows
        for name, target in TARGETS.items()
        if r[name] < target
    ]
    for miss in misses:
        print(f"below target: {miss}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
