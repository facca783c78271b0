from tests.access import OFFICE  # noqa: F401

ACCESS = {
}
