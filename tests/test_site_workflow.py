"""The GitHub Actions workflow is valid against the workflow JSON schema and does what CI needs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "archive.yml"


def validate(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
    )


def test_workflow_matches_the_github_workflow_schema():
    result = validate(WORKFLOW)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_validator_rejects_a_broken_workflow(tmp_path):
    broken = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    del broken["jobs"]["build"]["runs-on"]
    broken["jobs"]["deploy"]["needs"] = {"not": "a list"}
    path = tmp_path / "broken.yml"
    path.write_text(yaml.safe_dump(broken, allow_unicode=True), encoding="utf-8")
    assert validate(path).returncode != 0


def test_workflow_tests_builds_uploads_and_deploys():
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = data[True]  # YAML 1.1 reads the key `on` as True
    for event in ("push", "pull_request"):
        paths = triggers[event]["paths"]
        for wanted in ("notices/**", "converters/**", "hooks/**", "docs/**", "mkdocs.yml", "requirements*.txt",
                       "tests/**"):
            assert wanted in paths
    build = data["jobs"]["build"]
    runs = "\n".join(step.get("run", "") for step in build["steps"])
    for command in ("./archive test", "./archive build", "./archive offline"):
        assert command in runs
    uses = [step.get("uses", "") for step in build["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert sum(u.startswith("actions/upload-artifact@") for u in uses) >= 2
    cached = [step["with"]["path"] for step in build["steps"] if step.get("uses", "").startswith("actions/cache@")]
    assert ".cache/converters" in cached and any("pip" in p for p in cached)
    deploy = data["jobs"]["deploy"]
    assert deploy["needs"] == "build" and "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
