"""vocabtool.Tokenizer: exact golden ids through the helper process, errors, and cleanup."""

import gc
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import vocabtool
from conftest import GOLDEN


def golden(shared: Path, name: str):
    texts = [json.loads(line) for line in (shared / "reference/golden/texts.jsonl").open(encoding="utf-8")]
    ids = [json.loads(line) for line in (shared / f"reference/golden/{name}.jsonl").open(encoding="utf-8")]
    assert [(t["lang"], t["line"]) for t in texts] == [(i["lang"], i["line"]) for i in ids]
    return [t["text"] for t in texts], [i["ids"] for i in ids]


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_ids(shared, name):
    texts, expected = golden(shared, name)
    with vocabtool.Tokenizer(shared / GOLDEN[name]) as tokenizer:
        assert tokenizer.encode_batch(texts) == expected
        assert [tokenizer.encode(text) for text in texts[::50]] == expected[::50]


@pytest.mark.parametrize("name", ["gpt2_hf", "gpt2_r50k", "o200k", "llama2_spm", "mistral_spm"])
def test_decode_round_trip(shared, name):
    texts, expected = golden(shared, name)
    tricky = "line one\nline two\r\n\ttab \\ backslash \\n not a newline\\"
    with vocabtool.Tokenizer(shared / GOLDEN[name]) as tokenizer:
        assert tokenizer.decode_batch(expected) == texts
        assert tokenizer.decode(tokenizer.encode(tricky)) == tricky
        assert tokenizer.encode_batch([tricky, ""]) == [tokenizer.encode(tricky), []]


def test_special_tokens(shared):
    with vocabtool.Tokenizer(shared / GOLDEN["xlmr_unigram"]) as tokenizer:
        plain = tokenizer.encode("Hello")
        assert tokenizer.encode("Hello", add_special_tokens=True) == [0] + plain + [2]
        assert tokenizer.vocab_size == 250002


def test_bytes_input_and_invalid_utf8(shared):
    with vocabtool.Tokenizer(shared / GOLDEN["gpt2_hf"]) as tokenizer:
        assert tokenizer.encode("héllo".encode()) == tokenizer.encode("héllo")
        with pytest.raises(vocabtool.Error, match=r"byte 1: invalid UTF-8"):
            tokenizer.encode(b"a\xffb")
        with pytest.raises(vocabtool.Error, match=r"item 1: byte 0: invalid UTF-8"):
            tokenizer.encode_batch(["fine", "\ud800 lone surrogate", "fine"])
        with pytest.raises(vocabtool.Error, match=r"token id 50257 is out of range \(vocabulary size 50257\)"):
            tokenizer.decode([1, 50257])
        with pytest.raises(vocabtool.Error, match=r"expected a token id"):
            tokenizer.decode([-1])
        assert tokenizer.encode("still serving") == [24219, 7351]


def test_missing_and_malformed_tokenizer(tmp_path):
    missing = tmp_path / "missing.json"
    with pytest.raises(vocabtool.Error, match=f"{missing}: no such file"):
        vocabtool.Tokenizer(missing)
    malformed = tmp_path / "tokenizer.json"
    malformed.write_text('{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": [')
    with pytest.raises(vocabtool.Error, match=str(malformed)):
        vocabtool.Tokenizer(malformed)


def test_executable_from_environment(monkeypatch, tmp_path):
    monkeypatch.setattr(vocabtool._executable, "BUNDLED", tmp_path / "absent")
    monkeypatch.setenv("VOCABTOOL_BIN", str(tmp_path / "nothing-here"))
    with pytest.raises(vocabtool.Error, match="VOCABTOOL_BIN=.* is not an executable file"):
        vocabtool.executable()


def alive(pid: int) -> bool:
    """True while `pid` runs (a zombie has exited)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


def wait_gone(pid: int, seconds: float = 10) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not alive(pid)


def test_helper_ends_with_close_with_block_and_garbage_collection(shared):
    path = shared / GOLDEN["gpt2_hf"]
    tokenizer = vocabtool.Tokenizer(path)
    pid = tokenizer._process.pid
    assert alive(pid)
    tokenizer.close()
    assert not alive(pid) and tokenizer.closed
    with pytest.raises(vocabtool.Error, match="closed"):
        tokenizer.encode("x")

    with vocabtool.Tokenizer(path) as tokenizer:
        pid = tokenizer._process.pid
    assert not alive(pid)

    tokenizer = vocabtool.Tokenizer(path)
    pid = tokenizer._process.pid
    del tokenizer
    gc.collect()
    assert not alive(pid)


def test_helper_that_dies_is_an_error_not_a_hang(shared):
    with vocabtool.Tokenizer(shared / GOLDEN["gpt2_hf"]) as tokenizer:
        os.kill(tokenizer._process.pid, signal.SIGKILL)
        with pytest.raises(vocabtool.Error, match="helper process ended"):
            tokenizer.encode_batch(["text"] * 10000)


@pytest.mark.parametrize("ending", ["exit", "kill"])
def test_helper_ends_with_its_python_process(shared, ending):
    script = (
        "import os, signal, sys, vocabtool\n"
        f"t = vocabtool.Tokenizer({str(shared / GOLDEN['gpt2_hf'])!r})\n"
        "print(t._process.pid, flush=True)\n"
        f"{'os.kill(os.getpid(), signal.SIGKILL)' if ending == 'kill' else 'sys.exit(0)'}\n")
    child = subprocess.run([sys.executable, "-c", script], stdout=subprocess.PIPE, timeout=120,
                           env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    pid = int(child.stdout.split()[0])
    assert wait_gone(pid), f"helper {pid} still runs after its Python process ended ({ending})"


def test_interrupted_batch_closes_the_tokenizer(shared, monkeypatch):
    with vocabtool.Tokenizer(shared / GOLDEN["gpt2_hf"]) as tokenizer:
        pid = tokenizer._process.pid
        calls = []

        def interrupted_readline(original=tokenizer._process.stdout.readline):
            calls.append(1)
            if len(calls) == 1000:
                raise KeyboardInterrupt
            return original()

        monkeypatch.setattr(tokenizer._process.stdout, "readline", interrupted_readline, raising=False)
        with pytest.raises(KeyboardInterrupt):
            tokenizer.encode_batch(["some text to encode"] * 200000)
        assert tokenizer.closed and not alive(pid)
        with pytest.raises(vocabtool.Error, match="closed"):
            tokenizer.encode("x")
