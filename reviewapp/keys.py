"""Keys of their own for single purposes, derived from SECRET_KEY where the operator set no dedicated key: one key
per label (HKDF-SHA256), so no purpose ever uses SECRET_KEY itself and one derived key says nothing of another."""
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app


def derived_key(label: str) -> bytes:
    """32 bytes for the purpose `label`, stable as long as SECRET_KEY is."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=label.encode())
    return hkdf.derive(current_app.config["SECRET_KEY"].encode())
