"""vocabtool.ray.count on a local Ray with 2 CPUs: blocks cut only after a newline, the same
count file as one `vocabtool count`, the same trained tokenizer, and failures that write nothing."""

import os
import re
import subprocess

import pytest

import ray
import vocabtool
import vocabtool.ray


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def test_blocks_cut_files_only_after_a_newline(tmp_path):
    text = "aé\r\nб€😀\r\n\r\nline without end\r".encode() * 7 + "😀😀".encode()
    files = {tmp_path / "text.txt": text, tmp_path / "empty.txt": b"", tmp_path / "small.txt": "ж\r\n".encode()}
    for path, data in files.items():
        path.write_bytes(data)
    for block_size in range(1, len(text) + 8):
        blocks = vocabtool.ray.blocks(list(files), block_size)
        assert all(sum(end - start for _, start, end in block) >= block_size for block in blocks[:-1])
        parts = [part for block in blocks for part in block]
        for path, data in files.items():
            mine = [(start, end) for name, start, end in parts if name == str(path)]
            assert b"".join(data[start:end] for start, end in mine) == data
            for start, end in mine:
                assert data[start:end].endswith(b"\n") or end == len(data)
                data[start:end].decode("utf-8")  # whole characters only
    assert vocabtool.ray.blocks([tmp_path / "empty.txt"], 10) == []


def test_counts_and_trained_tokenizer_equal_one_count(shared, binary, local_ray, tmp_path):
    files = sorted((shared / "corpora/flores200-dev").glob("*.dev"))
    assert len(files) == 205
    block_size = 4 << 20
    blocks = vocabtool.ray.blocks(files, block_size)
    assert len(blocks) >= 8
    assert any(start > 0 for block in blocks for _, start, _ in block)  # files are cut, not only grouped
    sharded = tmp_path / "ray.counts"
    assert vocabtool.ray.count(files, sharded, block_size=block_size) == str(sharded)
    single = tmp_path / "one.counts"
    subprocess.run([binary, "count", "--quiet", "-o", single, *files], check=True)
    assert sharded.read_bytes() == single.read_bytes()

    trained = []
    for counts in (sharded, single):
        output = tmp_path / f"{counts.stem}.tokenizer.json"
        subprocess.run([binary, "train", "--quiet", "--from-counts", "--vocab-size", "600", "-o", output, counts],
                       check=True)
        trained.append(output.read_bytes())
    assert trained[0] == trained[1]


def test_count_options_and_merging_count_files(local_ray, binary, tmp_path):
    lines = ["Ünïcode wörds, and more words\n", "ＦＵＬＬ width\r\n", "words again\n"] * 200
    text = tmp_path / "text.txt"
    text.write_text("".join(lines), encoding="utf-8")
    options = ["--normalizer", "nfkc", "--pre-tokenizer", "metaspace"]
    expected = tmp_path / "expected.counts"
    subprocess.run([binary, "count", "--quiet", *options, "-o", expected, text], check=True)
    sharded = tmp_path / "sharded.counts"
    vocabtool.ray.count(text, sharded, block_size=3000, normalizer="nfkc", pre_tokenizer="metaspace")
    assert sharded.read_bytes() == expected.read_bytes()

    merged = tmp_path / "merged.counts"
    vocabtool.ray.count([sharded, expected], merged, from_counts=True, fan_in=2)
    doubled = tmp_path / "doubled.counts"
    subprocess.run([binary, "count", "--quiet", *options, "-o", doubled, text, text], check=True)
    assert merged.read_bytes() == doubled.read_bytes()


def test_failing_worker_fails_the_job_with_its_message(local_ray, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text("a good line\n" * 5000)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"fine\n" * 3000 + b"broken \xe2\x82 text\n" + b"fine\n" * 100)
    output = tmp_path / "out.counts"
    with pytest.raises(vocabtool.Error, match=re.escape(f"{bad}: line 3001, column 8: invalid UTF-8")):
        vocabtool.ray.count([good, bad], output, block_size=25000)
    assert sorted(os.listdir(tmp_path)) == ["bad.txt", "good.txt"]


def test_count_files_of_different_settings_are_not_merged(local_ray, binary, tmp_path):
    text = tmp_path / "text.txt"
    text.write_text("some words\n")
    plain, nfkc = tmp_path / "plain.counts", tmp_path / "nfkc.counts"
    subprocess.run([binary, "count", "--quiet", "-o", plain, text], check=True)
    subprocess.run([binary, "count", "--quiet", "--normalizer", "nfkc", "-o", nfkc, text], check=True)
    output = tmp_path / "merged.counts"
    with pytest.raises(vocabtool.Error, match=re.escape(str(nfkc)) + ": counted with normalizer nfkc.* cannot be merged"):
        vocabtool.ray.count([plain, plain, nfkc], output, from_counts=True, fan_in=2)
    assert not output.exists()
    with pytest.raises(vocabtool.Error, match="already exists"):
        vocabtool.ray.count(text, plain)
    with pytest.raises(vocabtool.Error, match="no such file"):
        vocabtool.ray.count([tmp_path / "absent.counts"], output, from_counts=True)
    assert not output.exists()
