"""A ZIP archive written as it is sent: memory holds one chunk of one file, never the archive."""

import time
import zipfile
from collections.abc import Iterable, Iterator

CHUNK_SIZE = 64 * 1024


class _Sink:
    """A write-only stream: zipfile writes to it, the response takes what was written."""

    def __init__(self):
        self._chunks: list[bytes] = []

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def stream_zip(members: Iterable[tuple[str, object]]) -> Iterator[bytes]:
    """The bytes of a ZIP archive holding ``members``: (name in the archive, content) pairs.

    Content is bytes (compressed), or a callable returning an open binary file, read in chunks
    and stored as it is (images and PDFs are compressed already). The callable may raise
    FileNotFoundError: that member is left out. Members are produced lazily, so a later member
    may describe what happened to earlier ones.
    """
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w") as archive:
        for name, content in members:
            if isinstance(content, bytes):
                info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
                archive.writestr(info, content, compress_type=zipfile.ZIP_DEFLATED)
                yield sink.take()
                continue
            try:
                source = content()
            except FileNotFoundError:
                continue
            info = zipfile.ZipInfo(name, date_time=time.localtime()[:6])
            info.compress_type = zipfile.ZIP_STORED
            with source, archive.open(info, mode="w") as target:
                while chunk := source.read(CHUNK_SIZE):
                    target.write(chunk)
                    yield sink.take()
            yield sink.take()
    yield sink.take()
