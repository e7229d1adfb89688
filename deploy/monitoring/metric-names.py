#!/usr/bin/env python3
"""The metric names the Grafana dashboards and the alert rules refer to, one a line (deploy/OPERATIONS.md §7.4).

  metric-names.py            lists them
  metric-names.py --missing  reads Prometheus' /api/v1/label/__name__/values answer on standard input and lists those
                             it lacks (deploy/compose-test: every panel's and rule's metric exists in a live Prometheus)

The same reading as PromQl.java in deploy/local's tests (which checks the services' own scrape): a Java test and a
shell test each need it in their language, and PromQL has no parser in either standard library. The words that are
not metrics are one list, promql-not-metrics.txt; PromQlTest fails when the two readings differ on any expression.
ALERTS is left out: Prometheus makes it while an alert is pending or firing, no target exports it.
"""
import json
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
# Functions, keywords and series no target exports: one list, shared with PromQl.java (deploy/local's tests).
NOT_METRICS = {
    line.strip()
    for line in (HERE / "promql-not-metrics.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
}


def metric_names(expr):
    stripped = re.sub(r"\{[^}]*}", " ", expr)
    stripped = re.sub(r"\[[^]]*]", " ", stripped)
    stripped = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", " ", stripped)
    stripped = re.sub(r'"[^"]*"', " ", stripped)
    stripped = re.sub(r"(?<![a-zA-Z_:])\d[\d.]*(e[-+]?\d+)?", " ", stripped)
    return {t for t in re.findall(r"[a-zA-Z_:][a-zA-Z0-9_:]*", stripped) if t not in NOT_METRICS}


def expressions():
    for path in sorted((HERE / "grafana" / "dashboards").glob("*.json")):
        dashboard = json.loads(path.read_text(encoding="utf-8"))
        for panel in dashboard["panels"]:
            for target in panel.get("targets", []):
                yield target["expr"]
        for variable in dashboard.get("templating", {}).get("list", []):
            m = re.fullmatch(r"label_values\((.*),\s*\w+\)", variable.get("definition", ""))
            if m:
                yield m.group(1)
    yield from rule_expressions((HERE / "alerts.yml").read_text(encoding="utf-8"))


def rule_expressions(text):
    """The expr: values of a rules file, plain or block scalars (no YAML library: python3-yaml may be missing)."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"^(\s*)(?:- )?expr:\s*(.*)$", line)
        if not m:
            continue
        indent, value = len(m.group(1)), m.group(2).strip()
        if value and value[0] not in ">|":
            yield value.strip("'\"")
            continue
        block = []
        for following in lines[i + 1:]:
            if following.strip() and len(following) - len(following.lstrip()) <= indent:
                break
            block.append(following.strip())
        yield " ".join(block)


def main():
    names = sorted(set().union(*(metric_names(e) for e in expressions())) | {"up"})
    if sys.argv[1:] == ["--missing"]:
        present = set(json.load(sys.stdin)["data"])
        names = [n for n in names if n not in present]
    print("\n".join(names))


if __name__ == "__main__":
    main()
