from tests.access import EXPERT

ACCESS = {
    "panels.declaration": EXPERT,
}
