"""Branch and bound of the group-rule search (search.py, step 4): a node with a clash (a, X) splits into "a's
leader comes from X (or a has none) and no other expert of X sits on a" and "no expert of X leads a"."""
from reviewapp.domain.assignment.repair import repair


def branch_and_bound(search, bound) -> int:
    """Search on `search` (a search.Search) until its best proposal meets the bound or effort runs out; return the
    bound proven."""
    stack, unexplored = [(frozenset(), bound)], []
    while stack:
        restrictions, bound = stack.pop()
        if bound <= search.best_value:
            continue
        if not search.affordable():
            unexplored.append(bound)
            continue
        assignment, clashes, (value, *_), _ = search.solve(restrictions)
        bound = min(bound, value)
        if bound <= search.best_value:
            continue
        if not clashes:
            search.offer(assignment)
            continue
        search.offer(repair(search.inst, assignment, clashes, search.flows_of))
        key, a_idx, group = clashes[0]
        stack.append((restrictions | {("no_leader", key)}, bound))
        stack.append((restrictions | {("lead_only", a_idx, group), ("no_member", key)}, bound))
    return max(unexplored, default=search.best_value)
