from tests.access import OFFICE

ACCESS = {
    "graph_import.index": OFFICE,
    "graph_import.template": OFFICE,
    "graph_import.check": OFFICE,
    "graph_import.run": OFFICE,
}
