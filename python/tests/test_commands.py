"""vocabtool.fertility and vocabtool.romanize: the executable's results as Python values."""

import csv
import subprocess

import pytest

import vocabtool
from conftest import GOLDEN


def test_fertility_matches_reference_token_counts(shared):
    flores = shared / "corpora/flores200-dev"
    corpus = [flores / "amh_Ethi.dev", flores / "eng_Latn.dev", flores / "rus_Cyrl.dev"]
    report = vocabtool.fertility(
        [shared / GOLDEN["gpt2_hf"], (shared / GOLDEN["o200k"], "o200k")], corpus, by="lang")
    with (shared / "reference/fertility.tsv").open(encoding="utf-8") as file:
        reference = {(r["tokenizer"], r["lang"]): r for r in csv.DictReader(file, delimiter="\t")}
    rows = {(row["tokenizer"], row["lang"]): row for row in report["rows"]}
    assert {lang for _, lang in rows} == {"amh_Ethi", "eng_Latn", "rus_Cyrl"}
    names = [t["name"] for t in report["tokenizers"]]
    assert len(names) == 2
    for (tokenizer, lang), row in rows.items():
        name = "gpt2_hf" if tokenizer == names[0] else "o200k"
        assert row["tokens"] == int(reference[(name, lang)]["tokens"]), (tokenizer, lang)
        assert row["lines"] == 997

    by_script = vocabtool.fertility(shared / GOLDEN["gpt2_hf"], corpus, by="script")
    assert by_script["grouping"] == "script"
    assert sorted(row["script"] for row in by_script["rows"]) == ["Cyrl", "Ethi", "Latn"]


def test_fertility_defaults_and_errors(tmp_path):
    report = vocabtool.fertility()
    assert report["grouping"] == "language" and report["rows"]
    with pytest.raises(ValueError):
        vocabtool.fertility(by="word")
    with pytest.raises(vocabtool.Error, match=f"{tmp_path / 'absent.txt'}"):
        vocabtool.fertility(corpus=tmp_path / "absent.txt")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"fine line\nbad \xc3 line\n")
    with pytest.raises(vocabtool.Error, match=f"{bad}: line 2, column 5: invalid UTF-8"):
        vocabtool.fertility(corpus=bad)
    malformed = tmp_path / "tokenizer.json"
    malformed.write_text("{not json")
    with pytest.raises(vocabtool.Error, match=str(malformed)):
        vocabtool.fertility(malformed)


def test_romanize_matches_the_command_line(shared, binary):
    path = shared / "corpora/flores200-dev/hin_Deva.dev"
    lines = path.read_text(encoding="utf-8").split("\n")[:-1]
    expected = subprocess.run([binary, "romanize", "--language", "hin", str(path)],
                              check=True, stdout=subprocess.PIPE).stdout.decode().split("\n")[:-1]
    assert vocabtool.romanize(lines, language="hin") == expected


def test_romanize_lines():
    assert vocabtool.romanize(["Привет мир", "", "two\nМосква"], language="rus") == ["Privet mir", "", "two\nMoskva"]
    assert vocabtool.romanize([]) == []
    with pytest.raises(TypeError):
        vocabtool.romanize("one string")
    with pytest.raises(vocabtool.Error, match=r"<stdin>: line 2, column 1: invalid UTF-8"):
        vocabtool.romanize(["fine", "\udc80"])
