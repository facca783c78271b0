"""Demo data for a newcomer's walk-through (`flask demo`, reviewapp/commands/demo.py). Never load it in production.

Loading is idempotent: a second run adds nothing, not even audit entries. loading.load_demo() runs the parts in
order:
  accounts.py      the demo logins and their public password
  applications.py  two cycles, the recommending bodies and fifteen applicants, one per eligibility outcome
  conflicts.py     the demo experts and the affiliation graph: one conflict for every recusal rule (R1-R7)
  pool.py          the expert pool (评审员专家库) around them
  awards.py        the finished past cycle's approval and the incentive money of the demo's awards
  panels.py        `--stage panels`: the acceptance review done, panels to form
  review.py        `--stage review`: panels formed, the document review under way
The long literals (organizations, applicants, experts, relations ...) are JSON files in data/.
"""
