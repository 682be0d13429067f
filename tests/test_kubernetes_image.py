"""The Kubernetes path installs what it needs: the flow image syncs the locked `kubernetes`
extra (prefect-kubernetes, for `prefect worker start --type kubernetes`)."""

from __future__ import annotations

import json
import re
import tomllib

from tests.conftest import ROOT


def test_the_image_installs_the_locked_kubernetes_extra() -> None:
    lock = tomllib.loads((ROOT / "uv.lock").read_text("utf-8"))
    (project,) = [p for p in lock["package"] if p["name"] == "xxgk"]
    extra = [d["name"] for d in project["optional-dependencies"]["kubernetes"]]
    assert extra == ["prefect-kubernetes"]
    assert any(p["name"] == "prefect-kubernetes" for p in lock["package"])  # pinned

    dockerfile = (ROOT / "deploy" / "Dockerfile").read_text("utf-8")
    syncs = re.findall(r"^RUN uv sync (.*)$", dockerfile, flags=re.MULTILINE)
    assert syncs and all("--locked" in s and "--extra kubernetes" in s for s in syncs)


def test_the_job_template_takes_the_config_and_the_credentials_secret() -> None:
    template = json.loads((ROOT / "deploy" / "k8s" / "base-job-template.json").read_text())
    manifest = template["job_configuration"]["job_manifest"]
    (container,) = manifest["spec"]["template"]["spec"]["containers"]
    sources = {next(iter(ref.values()))["name"] for ref in container["envFrom"]}
    assert sources == {"xxgk-config", "xxgk-s3-credentials"}
