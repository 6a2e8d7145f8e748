"""The CI files of every platform: actionlint on the Actions workflows, and every `ledger` command they
run (GitHub, Gitea, GitLab, pre-commit) is a real command with real options."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from conftest import REPO, run_cli

WORKFLOWS = sorted([*REPO.glob(".github/workflows/*.yml"), *REPO.glob(".gitea/workflows/*.yml")])
# act_runner (Gitea, Forgejo) runs node20 actions, and upload-artifact@v3 is the one Gitea documents
# as working there: GitHub's retirement of both does not apply to those servers.
IGNORED = {
    "gitea": [
        'runtime "node20" is deprecated',
        r'"actions/upload-artifact@v3" action is retired on GitHub\.com',
    ]
}
ISSUE_FORMS = sorted(
    [*REPO.glob(".github/ISSUE_TEMPLATE/*.y*ml"), *REPO.glob(".gitea/ISSUE_TEMPLATE/*.y*ml")]
)
# What each platform's own published schema (vendored in check-jsonschema) is asked to accept.
SCHEMA_CHECKS = {
    "vendor.gitlab-ci": [REPO / ".gitlab-ci.yml"],
    "vendor.github-workflows": WORKFLOWS,
    "vendor.github-issue-forms": ISSUE_FORMS,
}
# GitLab's rule for artifacts:expose_as, `\A\w[-\w ]*\z`, where Ruby's \w is ASCII only; the JSON
# schema does not carry it, and a JavaScript or Python \w would accept Chinese.
EXPOSE_AS = re.compile(r"[A-Za-z0-9_][-A-Za-z0-9_ ]*")
# Actions a self-hosted Gitea or Forgejo runner starts without reaching github.com's services.
GITEA_SAFE_ACTIONS = {"actions/checkout"}
# Actions that only make a run faster (the checking cache): allowed early when a failure is ignored.
GITEA_OPTIONAL_ACTIONS = {"actions/cache/restore", "actions/cache/save"}


def actionlint() -> str:
    found = shutil.which("actionlint") or str(Path(sys.executable).parent / "actionlint")
    assert Path(found).exists(), "actionlint is a test dependency: pip install -e '.[test]'"
    return found


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda p: f"{p.parts[-3]}/{p.name}")
def test_actionlint_passes(workflow):
    ignore = [
        arg for text in IGNORED.get(workflow.parts[-3].lstrip("."), []) for arg in ("-ignore", text)
    ]
    result = subprocess.run(
        [actionlint(), "-no-color", *ignore, str(workflow)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_can_fail():
    """The check is real: a workflow with an undefined expression is refused."""
    broken = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n"
    result = subprocess.run(
        [actionlint(), "-no-color", "-"], input=broken, capture_output=True, text=True
    )
    assert result.returncode == 1


def check_jsonschema(schema: str, paths: list[Path]) -> subprocess.CompletedProcess:
    """Validate files against one of check-jsonschema's built-in (offline) schemas."""
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, *map(str, paths)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )


@pytest.mark.parametrize("schema", sorted(SCHEMA_CHECKS))
def test_each_platform_schema_accepts_our_files(schema):
    paths = SCHEMA_CHECKS[schema]
    assert paths, schema
    result = check_jsonschema(schema, paths)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_can_fail(tmp_path):
    """The check is real: a job with an artifact `when` GitLab does not know is refused."""
    path = tmp_path / ".gitlab-ci.yml"
    path.write_text(
        "job:\n  script: [echo]\n  artifacts:\n    when: sometimes\n    paths: [a]\n",
        encoding="utf-8",
    )
    result = check_jsonschema("vendor.gitlab-ci", [path])
    assert result.returncode == 1, result.stdout


def test_gitlab_exposes_artifacts_under_names_it_accepts():
    assert not EXPOSE_AS.fullmatch("看板")  # the name GitLab refused the whole file for
    data = YAML(typ="safe").load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    names = [
        job["artifacts"]["expose_as"]
        for job in data.values()
        if isinstance(job, dict) and "expose_as" in job.get("artifacts", {})
    ]
    assert names
    for name in names:
        assert EXPOSE_AS.fullmatch(name), name


@pytest.mark.parametrize(
    "workflow", sorted(REPO.glob(".gitea/workflows/*.yml")), ids=lambda p: p.name
)
def test_gitea_runs_what_matters_before_any_action_a_server_may_refuse(workflow):
    data = YAML(typ="safe").load(workflow.read_text(encoding="utf-8"))
    for job in data["jobs"].values():
        steps = job["steps"]
        last_run = max(index for index, step in enumerate(steps) if "run" in step)
        for step in steps[:last_run]:
            if "uses" in step and step["uses"].split("@")[0] in GITEA_OPTIONAL_ACTIONS:
                assert step.get("continue-on-error") is True, step  # only a speed-up
            elif "uses" in step:
                assert step["uses"].split("@")[0] in GITEA_SAFE_ACTIONS, step
        for step in steps:
            action, _, version = step.get("uses", "").partition("@")
            if action == "actions/upload-artifact":
                assert version == "v3", step  # v4 and later fail on any server but github.com


def _ledger_lines(text: str) -> list[list[str]]:
    """Every `ledger …` command line in a CI file, split as a shell would."""
    found = []
    text = text.replace("\\\n", " ")  # shell line continuations
    for line in text.splitlines():
        if line.strip().startswith("#"):
            continue
        match = re.search(
            r"(?:^|[\s;&|(])(?:\.venv/bin/)?ledger ([^|&;#]+)", line.strip().lstrip("- ")
        )
        if match and "pip install" not in line:
            words = shlex.split(match.group(1).split(" || ")[0])
            if words[:1] == ["--root"]:
                words = words[2:]  # the global option naming the checkout that holds the data
            found.append(words)
    return found


def _all_ci_texts() -> dict[str, str]:
    paths = [
        *WORKFLOWS,
        REPO / ".gitlab-ci.yml",
        REPO / ".pre-commit-hooks.yaml",
        REPO / ".pre-commit-config.yaml",
    ]
    return {p.relative_to(REPO).as_posix(): p.read_text(encoding="utf-8") for p in paths}


def test_every_ledger_command_in_ci_is_real():
    seen = set()
    for name, text in _all_ci_texts().items():
        for words in _ledger_lines(text):
            command = words[0]
            help_text = run_cli(REPO, command, "--help").stdout
            assert help_text.startswith("用法："), (name, command)
            for word in words[1:]:
                if word.startswith("--"):
                    assert word.split("=")[0] in help_text, (name, command, word)
            seen.add(command)
    assert {"validate", "fmt", "schemas", "codeowners", "review"} <= seen


def test_each_platform_runs_the_same_checks():
    texts = _all_ci_texts()
    wanted = ["validate", "fmt", "schemas", "codeowners", "review", "pytest"]
    platforms = {
        "github": [".github/workflows/ledger.yml", ".github/workflows/review.yml"],
        "gitea": [".gitea/workflows/ledger.yml", ".gitea/workflows/review.yml"],
        "gitlab": [".gitlab-ci.yml"],
    }
    for platform, names in platforms.items():
        commands = {words[0] for name in names for words in _ledger_lines(texts[name])}
        joined = "\n".join(texts[name] for name in names)
        for word in wanted:
            found = "python -m pytest" in joined if word == "pytest" else word in commands
            assert found, (platform, word)


def _load(path: Path) -> dict:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _runs(job: dict) -> str:
    return "\n".join(str(step.get("run", "")) for step in job["steps"])


@pytest.mark.parametrize("platform", [".github", ".gitea"])
def test_the_verdict_is_computed_by_the_base_branchs_tool(platform):
    """A pull request's files are data: the tool that judges them comes from the base branch."""
    folder = REPO / platform / "workflows"
    review = _load(folder / "review.yml")
    assert set(review["on"]) == {"pull_request_target"}
    [job] = review["jobs"].values()
    checkouts = [
        step for step in job["steps"] if step.get("uses", "").startswith("actions/checkout")
    ]
    assert [step["with"]["ref"] for step in checkouts] == [
        "${{ github.event.pull_request.base.sha }}"
    ]
    runs = _runs(job)
    assert "refs/pull/$NUMBER/head:refs/remotes/pull/head" in runs
    # The author comes from the platform's own data, never from a login passed as text.
    assert 'ledger review "$BASE" refs/remotes/pull/head --platform-event "$EVENT"' in runs
    assert "--author" not in runs
    for word in ("git checkout", "git switch", "git worktree", "pip install -e"):
        assert word not in runs, word
    for name, job_name in (("ledger.yml", "ledger"), ("site.yml", "build")):
        job = _load(folder / name)["jobs"][job_name]
        tool = next(step for step in job["steps"] if step.get("with", {}).get("path") == "tool")
        assert "pull_request.base.sha" in tool["with"]["ref"], name
        assert "pip install ./tool" in _runs(job), name
        assert job["env"]["PYTHONSAFEPATH"] == "1", name
    form = _load(folder / "report-form.yml")
    assert set(form["on"]) == {"issues", "push"}  # never a pull request's code with a writing token


def test_github_gives_writing_tokens_only_to_base_code():
    folder = REPO / ".github" / "workflows"
    for name in ("ledger.yml", "site.yml"):
        assert _load(folder / name)["permissions"] == {"contents": "read"}, name
    assert "write" not in str(_load(folder / "site.yml")["jobs"]["build"].get("permissions", ""))


def test_gitlab_ci_reports_code_quality_and_runs_on_merge_requests():
    data = YAML(typ="safe").load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    job = data["ledger"]
    assert job["artifacts"]["reports"]["codequality"] == "gl-code-quality-report.json"
    assert any("merge_request_event" in rule["if"] for rule in job["rules"])
    assert (
        "ledger validate --format gitlab --output gl-code-quality-report.json || true"
        in job["script"]
    )


def test_pre_commit_hooks_declare_what_pre_commit_needs():
    hooks = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert [hook["id"] for hook in hooks] == ["ledger-validate", "ledger-fmt"]
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["pass_filenames"] is False


def test_every_platform_builds_and_publishes_the_dashboard():
    yaml = YAML(typ="safe")
    github = yaml.load((REPO / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    steps = github["jobs"]["build"]["steps"]
    uses = {step.get("uses", "").split("@")[0]: step.get("if", "") for step in steps}
    assert any(step.get("run") == "ledger --root pr site public" for step in steps)
    assert "push" in uses["actions/upload-pages-artifact"]
    assert "pull_request" in uses["actions/upload-artifact"]
    assert github["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages@")
    gitea = yaml.load((REPO / ".gitea/workflows/site.yml").read_text(encoding="utf-8"))
    text = "\n".join(str(step.get("run", "")) for step in gitea["jobs"]["build"]["steps"])
    assert "ledger --root pr site public" in text and "git push" in text and " pages" in text
    gitlab = yaml.load((REPO / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]
    assert "ledger site public" in gitlab["pages"]["script"]
    assert "merge_request_event" in gitlab["site-preview"]["rules"][0]["if"]


@pytest.mark.parametrize("spec", ["qc-ledger @ git+https://example.org/qc-ledger@0123abc", ""])
def test_the_workflows_init_writes_pass_the_platform_checks_and_trust_only_base_code(
    tmp_path, spec
):
    from qc_ledger.usecases.init_workflows import workflow_files

    paths = []
    for name, text in workflow_files(spec).items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
        assert "==0.1.0" not in text  # no release of that name exists
        assert f"vars.LEDGER_TOOL_SPEC || '{spec}'" in text
        result = subprocess.run(
            [actionlint(), "-no-color", str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr
    result = check_jsonschema("vendor.github-workflows", paths)
    assert result.returncode == 0, result.stdout + result.stderr
    review = _load(tmp_path / ".github/workflows/review.yml")
    assert set(review["on"]) == {"pull_request_target"}
    [job] = review["jobs"].values()
    assert 'refs/remotes/pull/head --platform-event "$GITHUB_EVENT_PATH"' in _runs(job)
    assert "--author" not in _runs(job) and "git checkout" not in _runs(job)
    assert _load(tmp_path / ".github/workflows/ledger.yml")["permissions"] == {"contents": "read"}


def test_gitlab_takes_the_merge_request_author_from_its_api_not_the_pipeline_starter():
    text = (REPO / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert 'merge_requests/$CI_MERGE_REQUEST_IID" > mr.json' in text
    assert "--platform-event mr.json" in text
    assert "GITLAB_USER_LOGIN" not in text.replace("(GITLAB_USER_LOGIN is", "")
    assert "--author" not in text


def _cache_steps(steps: list[dict]) -> tuple[int, int, dict]:
    """Where the checking cache is restored and saved among a job's steps, and the save step."""
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert "actions/cache" not in uses  # that one saves in every run, pull requests' too
    restore, save = uses.index("actions/cache/restore"), uses.index("actions/cache/save")
    return restore, save, steps[save]


def test_ci_restores_the_checking_cache_and_saves_it_only_from_the_default_branch(tmp_path):
    from qc_ledger.usecases.init_workflows import workflow_files

    jobs = [_load(REPO / platform / "workflows/ledger.yml")["jobs"]["ledger"]
            for platform in (".github", ".gitea")]  # fmt: skip
    generated = tmp_path / "ledger.yml"
    generated.write_text(workflow_files("")[".github/workflows/ledger.yml"], encoding="utf-8")
    jobs.append(_load(generated)["jobs"]["ledger"])
    for job in jobs:
        steps = job["steps"]
        restore, save, saving = _cache_steps(steps)
        checks = [i for i, step in enumerate(steps) if "ledger" in str(step.get("run", ""))
                  and "validate" in str(step.get("run", ""))]  # fmt: skip
        assert restore < checks[0] < save
        assert saving["if"] == (
            "github.event_name == 'push' && github.ref_name == github.event.repository.default_branch"
        )
        assert steps[restore]["with"]["path"] == saving["with"]["path"] == "~/.cache/qc-ledger"
        assert steps[restore]["with"]["key"] == saving["with"]["key"]
        assert steps[restore]["with"]["key"].endswith("-${{ github.sha }}")
    gitlab = _load(REPO / ".gitlab-ci.yml")["ledger"]
    assert gitlab["cache"]["policy"] == "$LEDGER_CACHE_POLICY"
    assert gitlab["variables"]["LEDGER_CACHE_POLICY"] == "pull"
    assert gitlab["cache"]["paths"] == [".ledger-cache/"]
    assert gitlab["variables"]["LEDGER_CACHE_DIR"] == "$CI_PROJECT_DIR/.ledger-cache"
    writing = [rule for rule in gitlab["rules"] if rule.get("variables")]
    assert writing == [
        {
            "if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $CI_OPEN_MERGE_REQUESTS == null",
            "variables": {"LEDGER_CACHE_POLICY": "pull-push"},
        }
    ]
