"""The encrypted backup's stream (issue 13, item 8), without the app: what goes in comes out, at any size and read
pattern; a wrong key, a changed byte, a cut, an extension or a reordering is refused."""
import io
import os
import zipfile

import pytest

from reviewapp.backup_crypto import (
    CHUNK_BYTES,
    HEADER_BYTES,
    SEALED_CHUNK_BYTES,
    DecryptingReader,
    EncryptingWriter,
    EncryptionError,
    key_id,
    new_key,
    parse_key,
)

KEY = parse_key(new_key())


def seal(plaintext: bytes, writes: int = 7, key: bytes = KEY) -> bytes:
    out = io.BytesIO()
    writer = EncryptingWriter(out, key)
    step = max(1, len(plaintext) // writes)
    for start in range(0, len(plaintext), step):
        writer.write(plaintext[start:start + step])
    writer.finish()
    return out.getvalue()


def opened(sealed: bytes, key: bytes = KEY) -> DecryptingReader:
    reader = DecryptingReader(io.BytesIO(sealed), key)
    reader.verify()
    return reader


@pytest.mark.parametrize("size", [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES,
                                  5 * CHUNK_BYTES + 12345])
def test_what_is_sealed_reads_back_whole_and_at_any_offset(size):
    plaintext = os.urandom(size)
    sealed = seal(plaintext)
    assert len(sealed) == HEADER_BYTES + max(1, -(-size // CHUNK_BYTES)) * 16 + size
    reader = opened(sealed)
    assert reader.read() == plaintext
    for offset in (0, size // 3, max(0, size - 5)):
        reader.seek(offset)
        assert reader.read(CHUNK_BYTES + 10) == plaintext[offset:offset + CHUNK_BYTES + 10]
    if size >= 2:
        assert reader.seek(-2, io.SEEK_END) == size - 2 and reader.read() == plaintext[-2:]


def test_the_same_plaintext_seals_differently_each_time():
    assert seal(b"x" * 1000) != seal(b"x" * 1000)


def test_zipfile_writes_and_reads_through_it():
    out = io.BytesIO()
    writer = EncryptingWriter(out, KEY)
    with zipfile.ZipFile(writer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.txt", "本溪" * 50_000)
        archive.writestr("b.bin", os.urandom(200_000))
    writer.finish()
    with zipfile.ZipFile(opened(out.getvalue())) as archive:
        assert archive.read("a.txt").decode() == "本溪" * 50_000 and len(archive.read("b.bin")) == 200_000


def test_a_wrong_key_is_named_before_anything_is_decrypted():
    other = parse_key(new_key())
    with pytest.raises(EncryptionError, match=f"another key.*{key_id(KEY).hex()}.*{key_id(other).hex()}"):
        DecryptingReader(io.BytesIO(seal(b"data")), other)


@pytest.mark.parametrize("damage", [
    lambda data: data[:HEADER_BYTES + SEALED_CHUNK_BYTES],  # cut at a chunk boundary
    lambda data: data[:-1],
    lambda data: data + b"\0" * 16,
    lambda data: data[:HEADER_BYTES] + data[HEADER_BYTES + SEALED_CHUNK_BYTES:2 * SEALED_CHUNK_BYTES + HEADER_BYTES]
    + data[HEADER_BYTES:HEADER_BYTES + SEALED_CHUNK_BYTES] + data[HEADER_BYTES + 2 * SEALED_CHUNK_BYTES:],
    lambda data: data[:HEADER_BYTES + 5] + bytes([data[HEADER_BYTES + 5] ^ 1]) + data[HEADER_BYTES + 6:],
    lambda data: data[:HEADER_BYTES - 1] + bytes([data[HEADER_BYTES - 1] ^ 1]) + data[HEADER_BYTES:],  # salt
    lambda data: data[:HEADER_BYTES],
    lambda data: data[:20],  # inside the header
])
def test_a_changed_cut_extended_or_reordered_file_is_refused(damage):
    with pytest.raises(EncryptionError, match="damaged|cut short"):
        opened(damage(seal(os.urandom(3 * CHUNK_BYTES + 100))))


@pytest.mark.parametrize("text", ["", "abc", "c2hvcnQ=", "!" * 44])
def test_a_key_that_is_not_32_bytes_of_base64_is_refused(text):
    with pytest.raises(EncryptionError, match="base64 of 32 random bytes"):
        parse_key(text)
