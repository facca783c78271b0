from tests.access import OFFICE

ACCESS = {
    "search.index": OFFICE,  # names, phones and credit codes of everyone: the office's only
}
