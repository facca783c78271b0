from tests.access import OFFICE

ACCESS = {
    "imports.index": OFFICE,
    "imports.template": OFFICE,
    "imports.check": OFFICE,
    "imports.run": OFFICE,
}
