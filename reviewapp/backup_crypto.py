"""Encrypted backups (issue 13, item 8): the backup's zip archive streamed through authenticated encryption, so
that the file holds no password hash, session token or whistleblower's name in clear, and a changed, cut or
reordered file is refused rather than restored.

The construction is the chunked "STREAM" of Hoang, Reyhanitabar, Rogaway and Vizár (2015), as age and Tink's
streaming AEAD use it, built from the `cryptography` library's AES-256-GCM:

  header   MAGIC (8 bytes) | version (1) | key id (8) | salt (32)
  chunks   AES-256-GCM(file key, nonce = chunk index, 96-bit big-endian,
                       associated data = header | chunk index (8 bytes) | 1 on the last chunk else 0)
           of 64 KiB of the archive each (the last one 1 byte to 64 KiB), each followed by its 16-byte tag

The file key is HKDF-SHA256(backup key, salt): a fresh random salt per file gives every file its own key, so the
counter nonces never repeat under one key. The header is authenticated by every chunk; a chunk moved elsewhere
fails its nonce; a file cut at a chunk boundary fails because its new last chunk was not sealed as the last; bytes
appended after the last chunk make that one fail as a middle chunk. The key id (an HMAC of the key, which reveals
nothing of it) tells a wrong key from a damaged file before anything is decrypted.

The writer encrypts as the archive is written (the plaintext never reaches the disk); the reader decrypts the
chunk holding whatever offset zipfile asks for, so a restore needs no decrypted copy either."""
import base64
import binascii
import hashlib
import hmac
import io
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

MAGIC, VERSION = b"RVBKAEAD", 1
KEY_BYTES, KEY_ID_BYTES, SALT_BYTES, TAG_BYTES = 32, 8, 32, 16
CHUNK_BYTES = 64 * 1024
HEADER_BYTES = len(MAGIC) + 1 + KEY_ID_BYTES + SALT_BYTES
SEALED_CHUNK_BYTES = CHUNK_BYTES + TAG_BYTES


class EncryptionError(Exception):
    """A wrong key, a damaged or changed file, or a key that is not one: with a message for the operator."""


def new_key() -> str:
    """A new backup key: the base64 of 32 random bytes."""
    return base64.b64encode(os.urandom(KEY_BYTES)).decode("ascii")


def parse_key(text: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError):
        key = b""
    if len(key) != KEY_BYTES:
        raise EncryptionError(f"the backup key must be the base64 of {KEY_BYTES} random bytes "
                              "(`flask backup-key` makes one)")
    return key


def key_id(key: bytes) -> bytes:
    return hmac.new(key, b"reviewapp backup key id", hashlib.sha256).digest()[:KEY_ID_BYTES]


def _file_cipher(key: bytes, salt: bytes) -> AESGCM:
    file_key = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt,
                    info=b"reviewapp backup v1 aes-256-gcm").derive(key)
    return AESGCM(file_key)


def _nonce(index: int) -> bytes:
    return index.to_bytes(12, "big")


def _associated(header: bytes, index: int, last: bool) -> bytes:
    return header + index.to_bytes(8, "big") + (b"\x01" if last else b"\x00")


class EncryptingWriter:
    """A write-only stream (zipfile writes to it as to an unseekable file) that seals 64 KiB chunks into `raw`.
    `finish()` seals the last chunk: a file without it is refused on restore."""

    def __init__(self, raw, key: bytes):
        self.raw, self.buffer, self.index, self.finished = raw, bytearray(), 0, False
        salt = os.urandom(SALT_BYTES)
        self.header = MAGIC + bytes([VERSION]) + key_id(key) + salt
        self.cipher = _file_cipher(key, salt)
        raw.write(self.header)

    def _seal(self, plaintext: bytes, last: bool) -> None:
        self.raw.write(self.cipher.encrypt(_nonce(self.index), plaintext,
                                           _associated(self.header, self.index, last)))
        self.index += 1

    def write(self, data) -> int:
        self.buffer += data
        # Keep 1 to 64 KiB back: the last chunk is sealed as the last only once no more data comes.
        full = (len(self.buffer) - 1) // CHUNK_BYTES
        if full > 0:
            with memoryview(self.buffer) as view:
                for n in range(full):
                    self._seal(bytes(view[n * CHUNK_BYTES:(n + 1) * CHUNK_BYTES]), last=False)
            del self.buffer[:full * CHUNK_BYTES]
        return len(data)

    def flush(self) -> None:
        self.raw.flush()

    def finish(self) -> None:
        if not self.finished:
            self._seal(bytes(self.buffer), last=True)
            self.buffer.clear()
            self.finished = True
            self.raw.flush()


def read_header(raw) -> tuple[bytes, bytes]:
    """(header, key id) of an encrypted backup, from the start of `raw`."""
    raw.seek(0)
    header = raw.read(HEADER_BYTES)
    if not header.startswith(MAGIC):
        raise EncryptionError("not an encrypted reviewapp backup")
    if len(header) != HEADER_BYTES:
        raise EncryptionError("the encrypted backup is cut short (inside its header)")
    if header[len(MAGIC)] != VERSION:
        raise EncryptionError(f"an encrypted backup of version {header[len(MAGIC)]}; this version reads {VERSION}")
    return header, header[len(MAGIC) + 1:len(MAGIC) + 1 + KEY_ID_BYTES]


class DecryptingReader(io.RawIOBase):
    """The archive inside an encrypted backup as a read-only, seekable stream: each read decrypts and
    authenticates the chunks it touches (the last one decrypted is kept). A failed tag raises EncryptionError."""

    def __init__(self, raw, key: bytes):
        super().__init__()
        self.raw = raw
        self.header, found = read_header(raw)
        if not hmac.compare_digest(found, key_id(key)):
            raise EncryptionError(f"the backup was encrypted with another key (key id {found.hex()}; the configured "
                                  f"key's id is {key_id(key).hex()})")
        self.cipher = _file_cipher(key, self.header[-SALT_BYTES:])
        body = raw.seek(0, io.SEEK_END) - HEADER_BYTES
        self.chunks = max(1, -(-body // SEALED_CHUNK_BYTES))
        self.last_sealed = body - (self.chunks - 1) * SEALED_CHUNK_BYTES
        if self.last_sealed < TAG_BYTES:
            raise EncryptionError("the encrypted backup is cut short")
        self.length = (self.chunks - 1) * CHUNK_BYTES + self.last_sealed - TAG_BYTES
        self.position, self.cached = 0, (None, b"")

    def _chunk(self, index: int) -> bytes:
        if self.cached[0] == index:
            return self.cached[1]
        last = index == self.chunks - 1
        self.raw.seek(HEADER_BYTES + index * SEALED_CHUNK_BYTES)
        sealed = self.raw.read(self.last_sealed if last else SEALED_CHUNK_BYTES)
        try:
            plaintext = self.cipher.decrypt(_nonce(index), sealed, _associated(self.header, index, last))
        except InvalidTag:
            raise EncryptionError(f"the encrypted backup is damaged or was changed (chunk {index + 1} of "
                                  f"{self.chunks} fails its authentication; a cut or extended file fails at its "
                                  "end)") from None
        self.cached = (index, plaintext)
        return plaintext

    def verify(self) -> None:
        """Authenticate every chunk, before anything of the archive is used."""
        for index in range(self.chunks):
            self._chunk(index)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self.position

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.position, io.SEEK_END: self.length}[whence]
        if base + offset < 0:
            raise OSError("negative seek position")
        self.position = base + offset
        return self.position

    def readinto(self, buffer) -> int:
        with memoryview(buffer) as out:
            filled = 0
            while filled < len(out) and self.position < self.length:
                index, offset = divmod(self.position, CHUNK_BYTES)
                plaintext = self._chunk(index)
                count = min(len(out) - filled, len(plaintext) - offset)
                out[filled:filled + count] = plaintext[offset:offset + count]
                filled += count
                self.position += count
        return filled
