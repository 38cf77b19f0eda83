"""Shared fixtures: the vocabtool executable under test and the ../shared data.

The executable is the one the package finds (bundled, ``$VOCABTOOL_BIN``, ``PATH``); when none
is set up, the repository's debug build (``.build/debug/vocabtool``). Tests that need
``../shared`` (or ``$VOCABTOOL_SHARED``) skip with a reason when it is absent, and fail when
``$CI`` is set: CI always has it, so a missing copy is a broken run, not a pass.
"""

import os
import shutil
from pathlib import Path

import pytest

import vocabtool
from vocabtool._executable import BUNDLED

REPOSITORY = Path(__file__).resolve().parents[2]

if not BUNDLED.exists() and "VOCABTOOL_BIN" not in os.environ and shutil.which("vocabtool") is None:
    debug_build = REPOSITORY / ".build" / "debug" / "vocabtool"
    if debug_build.exists():
        os.environ["VOCABTOOL_BIN"] = str(debug_build)


def _shared_path():
    named = os.environ.get("VOCABTOOL_SHARED")
    candidate = Path(named) if named else REPOSITORY.parent / "shared"
    return candidate if (candidate / "reference").is_dir() else None


@pytest.fixture(scope="session")
def shared() -> Path:
    """The ../shared folder (real tokenizers, FLORES, golden ids)."""
    path = _shared_path()
    if path is None:
        reason = "../shared is absent (set VOCABTOOL_SHARED to its path)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}, but CI must have it")
        pytest.skip(reason)
    return path


@pytest.fixture(scope="session")
def binary() -> str:
    """The vocabtool executable the package runs."""
    return vocabtool.executable()


#: The golden tokenizers of ../shared/reference/golden and their files.
GOLDEN = {
    "gpt2_r50k": "tokenizers/gpt2/gpt2_r50k.tiktoken",
    "gpt2_hf": "tokenizers/gpt2/tokenizer.json",
    "cl100k": "tokenizers/tiktoken/cl100k.tiktoken",
    "o200k": "tokenizers/tiktoken/o200k.tiktoken",
    "llama2_spm": "tokenizers/llama2/tokenizer.model",
    "mistral_spm": "tokenizers/mistral/tokenizer.model",
    "xlmr_unigram": "tokenizers/xlmr-unigram/tokenizer.json",
    "minilm_wordpiece": "tokenizers/minilm-wordpiece/tokenizer.json",
}
