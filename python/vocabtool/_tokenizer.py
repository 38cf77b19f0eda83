"""`Tokenizer`: one long-lived ``vocabtool serve`` process per loaded tokenizer."""

from __future__ import annotations

import array
import os
import re
import sys
import subprocess
import threading
import weakref
from typing import List, Optional, Sequence, Union

from ._executable import Error, executable, message

Text = Union[str, bytes]

_UNESCAPES = {b"\\": b"\\", b"n": b"\n", b"r": b"\r", b"t": b"\t"}
_ESCAPE = re.compile(rb"\\(.)")
# Requests up to this size are written directly: they fit in any pipe buffer, so the write
# cannot block while the helper waits for us to read its replies.
_DIRECT_WRITE = 4096


def _escaped(text: Text) -> bytes:
    """A request argument: UTF-8 (lone surrogates passed on, so vocabtool reports them as
    invalid UTF-8), with ``\\`` and newlines escaped."""
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else bytes(text)
    if b"\\" in data:
        data = data.replace(b"\\", b"\\\\")
    if b"\n" in data:
        data = data.replace(b"\n", b"\\n")
    return data


def _unescaped(data: bytes) -> bytes:
    if b"\\" not in data:
        return data
    return _ESCAPE.sub(lambda m: _UNESCAPES.get(m.group(1), m.group(0)), data)


def _swapped(payload: bytes) -> List[int]:
    """Little-endian 32-bit ids on a big-endian machine."""
    ids = array.array("i", payload)
    ids.byteswap()
    return ids.tolist()


def _stop(process: subprocess.Popen) -> None:
    """Ends a helper: closing its stdin makes it exit; killed if it does not within 5 s."""
    for stream in (process.stdin, process.stdout, process.stderr):
        try:
            stream.close()
        except OSError:
            pass
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


class Tokenizer:
    """A tokenizer file or folder loaded by vocabtool (tokenizer.json, SentencePiece ``.model``,
    ``vocab.json`` + ``merges.txt``, ``vocab.txt``, tiktoken ranks), giving exactly the
    reference libraries' ids.

    One ``vocabtool serve`` process holds the loaded tokenizer for the object's lifetime; it
    exits when `close` is called, when a ``with`` block ends, or when the object is garbage
    collected (and by itself when this Python process dies, since its stdin closes). Calls
    from several threads are serialized.

    Args:
        path: the tokenizer file or folder.
        pattern: the split pattern of a tiktoken rank file vocabtool does not know by name
            (``r50k``, ``cl100k``, ``o200k``, ``llama3``, ``qwen2``).

    Raises:
        Error: with vocabtool's message when the tokenizer cannot be loaded.
    """

    def __init__(self, path: Union[str, os.PathLike], *, pattern: Optional[str] = None):
        arguments = [executable(), "serve", "--ids", "binary", "--tokenizer", os.fspath(path)]
        if pattern is not None:
            arguments += ["--pattern", pattern]
        process = subprocess.Popen(
            arguments, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self._process = process
        self._lock = threading.Lock()
        self._finalizer = weakref.finalize(self, _stop, process)
        ready = process.stdout.readline()
        if not ready.startswith(b"ready\t"):
            stderr = process.stderr.read()
            self._finalizer()
            raise Error(message(stderr, process.returncode))
        #: The number of ids in the vocabulary.
        self.vocab_size: int = int(ready[6:])
        self.path = os.fspath(path)

    def encode(self, text: Text, *, add_special_tokens: bool = False) -> List[int]:
        """The ids of `text` (a ``str``, or UTF-8 ``bytes``); with `add_special_tokens`, the
        post-processor's special tokens too (``[CLS] ... [SEP]``, ``<s> ... </s>``)."""
        return self.encode_batch([text], add_special_tokens=add_special_tokens)[0]

    def encode_batch(self, texts: Sequence[Text], *, add_special_tokens: bool = False) -> List[List[int]]:
        """The ids of each text, in order, in one exchange with the helper process.

        Raises:
            Error: naming the first text that failed (e.g. invalid UTF-8) with vocabtool's message.
        """
        command = b"encode-special\t" if add_special_tokens else b"encode\t"
        replies = self._exchange([command + _escaped(text) for text in texts], binary=True)
        if sys.byteorder == "little":
            return [memoryview(reply).cast("i").tolist() for reply in replies]
        return [_swapped(reply) for reply in replies]

    def decode(self, ids: Sequence[int]) -> str:
        """The text of `ids`; bytes that are not valid UTF-8 (a byte-level token splitting a
        character) become U+FFFD, as Hugging Face decodes."""
        return self.decode_batch([ids])[0]

    def decode_batch(self, id_lists: Sequence[Sequence[int]]) -> List[str]:
        """The text of each id list, in order (see `decode`)."""
        requests = [b"decode\t" + " ".join(map(str, ids)).encode() for ids in id_lists]
        return [_unescaped(reply).decode("utf-8", "replace") for reply in self._exchange(requests)]

    def _exchange(self, requests: List[bytes], binary: bool = False) -> List[bytes]:
        """Sends request lines and returns the payloads of their ``ok`` replies (`binary`: the
        ids of encode replies as 32-bit little-endian bytes)."""
        if not requests:
            return []
        data = b"\n".join(requests) + b"\n"
        with self._lock:
            if not self._finalizer.alive:
                raise Error("this Tokenizer is closed")
            writer = None
            if len(data) <= _DIRECT_WRITE:
                self._write(data)
            else:
                writer = threading.Thread(target=self._write, args=(data,), daemon=True)
                writer.start()
            try:
                replies, failure = self._read_replies(len(requests), writer, binary)
            except BaseException:
                # Interrupted half-way (e.g. KeyboardInterrupt): the replies still due would be
                # read as the answers to the next call, so this helper cannot be used again. Killed
                # first: a writer blocked on a full pipe holds the lock that closing stdin takes.
                self._process.kill()
                self._finalizer()
                raise
        if failure is not None:
            index, text = failure
            text = re.sub(r"^request \d+: ", "", text)
            raise Error(text if len(requests) == 1 else f"item {index}: {text}")
        return replies

    def _read_replies(self, count: int, writer: Optional[threading.Thread], binary: bool):
        """Reads `count` replies: the ``ok`` payloads, and the first failure (index, message)."""
        process = self._process
        replies = []
        failure = None
        readline, read = process.stdout.readline, process.stdout.read
        for index in range(count):
            line = readline()
            if binary and line.startswith(b"ok\t") and line.endswith(b"\n"):
                size = 4 * int(line[3:-1]) + 1
                payload = read(size)
                if len(payload) == size:
                    replies.append(payload[:-1])
                    continue
                line = b""
            if not line.endswith(b"\n"):
                if writer is not None:
                    writer.join()
                stderr = process.stderr.read()
                self._finalizer()
                raise Error("the vocabtool helper process ended: " + message(stderr, process.returncode))
            if line.startswith(b"ok\t"):
                replies.append(line[3:-1])
            elif failure is None:
                failure = (index, _unescaped(line[6:-1]).decode("utf-8", "replace"))
        if writer is not None:
            writer.join()
        return replies, failure

    def _write(self, data: bytes) -> None:
        # A helper that died closes the pipe; the reader then reports its end and message.
        try:
            self._process.stdin.write(data)
            self._process.stdin.flush()
        except (OSError, ValueError):
            pass

    def close(self) -> None:
        """Ends the helper process (also done on garbage collection and at interpreter exit)."""
        self._finalizer()

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def __enter__(self) -> "Tokenizer":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Tokenizer({self.path!r}, vocab_size={self.vocab_size})"
