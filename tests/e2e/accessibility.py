"""axe-core (npm, node_modules/) run inside a page: the violations a user would meet."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page

from tools.paths import ROOT

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Serious and critical: what blocks or badly hinders someone using a screen reader, the
# keyboard or low vision. Moderate and minor findings are for review, not a failed build.
BLOCKING = ("serious", "critical")

_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
  }));
}"""


def blocking_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe on the page as it is now (the page's context needs bypass_csp=True)."""
    page.add_script_tag(path=str(AXE))
    violations: list[dict[str, Any]] = page.evaluate(_RUN)
    return [v for v in violations if v["impact"] in BLOCKING]
