"""Publishing a production build to a git branch (GitHub Pages' "deploy from a branch").

The commit and push are ghp-import's, the tool MkDocs uses: it writes the output folder
as the branch's one new commit without touching the working tree or the index.
"""

from __future__ import annotations

import contextlib
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import ghp_import

from site_builder.build import BuildOptions, BuildResult, build


class DeployError(Exception):
    """Publishing failed for a reason outside the site's content (git, the remote)."""


@dataclass(frozen=True)
class DeployOptions:
    build: BuildOptions
    remote: str = "origin"
    branch: str = "gh-pages"
    message: str | None = None


def deploy(options: DeployOptions) -> BuildResult:
    """Build without drafts into a temporary folder, then commit it to the branch and push."""
    root = options.build.root
    with tempfile.TemporaryDirectory(prefix="site-builder-deploy-") as folder:
        output = Path(folder) / "site"
        in_folder = BuildOptions(root, output, options.build.base_url, recorded=False)
        result = build(in_folder)
        message = options.message or _default_message(root)
        try:
            with contextlib.chdir(root):
                ghp_import.ghp_import(
                    str(output),
                    mesg=message,
                    remote=options.remote,
                    branch=options.branch,
                    push=True,
                    force=False,
                )
        except ghp_import.GhpError as error:
            raise DeployError(f"git: {error.message}") from None
        except subprocess.CalledProcessError:
            raise DeployError(
                f"git push to {options.remote} failed (its message is above); "
                f"the commit is on the local branch {options.branch}"
            ) from None
    return result


def _default_message(root: Path) -> str:
    """`Publish the site built from 1a2b3c4`, naming the source commit when there is one."""
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=root, capture_output=True, text=True
    )
    commit = head.stdout.strip()
    return f"Publish the site built from {commit}" if head.returncode == 0 else "Publish the site"
