"""The GitHub Actions workflows are valid and run the same make targets as CI here."""

from __future__ import annotations

import re

import yaml

from tests.support import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"


def workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def commands(flow: dict) -> list[str]:
    return [
        step["run"]
        for job in flow["jobs"].values()
        for step in job.get("steps", [])
        if "run" in step
    ]


def make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([a-z_]+):", makefile, re.M))


def test_pull_requests_validate_with_annotations_build_and_run_ci():
    flow = workflow("pull-request.yml")
    assert "pull_request" in flow[True]  # YAML 1.1 reads the key `on` as True
    run = commands(flow)
    assert [run[0], *run[2:]] == [
        "make validate VALIDATE_FORMAT=github",
        "make html",
        "bash .ci/run",
    ]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_main_is_published_to_github_pages_with_publishconf():
    flow = workflow("publish.yml")
    assert flow[True]["push"]["branches"] == ["main"]
    assert commands(flow)[0] == "make validate VALIDATE_FORMAT=github"
    assert commands(flow)[-1] == "make publish"
    assert "SOURCE_DATE_EPOCH=" in commands(flow)[1]  # the build day, fixed for the whole run
    assert flow[True]["schedule"] == [{"cron": "5 16 * * *"}]  # daily: current exhibitions
    steps = flow["jobs"]["build"]["steps"]
    publish = next(s for s in steps if s.get("run") == "make publish")
    assert publish["env"]["SITEURL"] == "${{ steps.pages.outputs.base_url }}"
    assert "actions/deploy-pages@v4" in [s.get("uses") for s in flow["jobs"]["deploy"]["steps"]]


def test_every_make_target_the_workflows_call_exists():
    called = {
        m
        for c in commands(workflow("pull-request.yml")) + commands(workflow("publish.yml"))
        for m in re.findall(r"make (\w+)", c)
    }
    assert called <= make_targets()
    assert "PUBLISHCONF ?= $(BASEDIR)/publishconf.py" in (ROOT / "Makefile").read_text("utf-8")


def test_the_translation_status_is_made_for_every_pull_request_and_posted_apart():
    flow = workflow("pull-request.yml")
    steps = flow["jobs"]["check"]["steps"]
    status = next(s for s in steps if s.get("name") == "Translation status")
    assert status["if"] == "always()"  # also when entries have problems
    assert status["run"].startswith("make status STATUS_FORMAT=markdown CHANGED=")
    assert "${{" not in status["run"]  # values reach the shell through env, never pasted in
    assert "permissions" not in flow["jobs"]["check"] and flow["permissions"] == {
        "contents": "read"
    }
    upload = next(s for s in steps if s.get("uses") == "actions/upload-artifact@v4")
    assert upload["with"]["name"] == "translation-status"
    comment = workflow("pull-request-comment.yml")
    assert comment[True]["workflow_run"]["workflows"] == [flow["name"]]
    assert comment["permissions"] == {"actions": "read", "pull-requests": "write"}
    uses = [s.get("uses") for s in comment["jobs"]["comment"]["steps"]]
    assert "actions/checkout@v4" not in uses  # none of the pull request's code runs here
    post = comment["jobs"]["comment"]["steps"][-1]["run"]
    assert "<!-- harbour-crossings:translation-status -->" in post
    assert 'gh api -X PATCH "repos/$REPO/issues/comments/$id"' in post
