"""axe-core (vendored: tests/browser/vendor/axe-core) run inside a page: its serious and critical
accessibility violations."""

from pathlib import Path

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
_RUN = """async (exclude) => {
  const result = await axe.run({include: [["html"]], exclude: exclude}, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
  }));
}"""


def serious_violations(page, *, exclude: tuple[str, ...] = ()) -> list[dict]:
    """`exclude`: CSS selectors of parts left unchecked (each with its reason where it is passed)."""
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    found = page.evaluate(_RUN, [[selector] for selector in exclude])
    return [v for v in found if v["impact"] in ("serious", "critical")]
