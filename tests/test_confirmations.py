"""Issue 17: every action that cannot be taken back with a click, or that locks work, asks first (the shared
data-confirm mechanism, static/js/confirm.js; the browser tests answer yes). This lists those buttons by the
template line that draws them, so that a later edit cannot drop the question unnoticed."""
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).parent.parent / "templates"

# (template, a text that identifies the button's line)
ASKING = [
    ("graph/_macros.html", "_('End the relation')"),
    ("graph/_macros.html", "_('Accept the request')"),
    ("graph/_macros.html", "_('Reject the request')"),
    ("graph/_macros.html", "{{ _('Withdraw') }}</button>"),
    ("graph/me.html", "declare-conflict-submit"),
    ("submissions/show.html", "id='change-status'"),
    ("submissions/show.html", "id='change-list'"),
    ("submissions/show.html", "id='record-finding'"),
    ("reviews/onsite_list.html", "form.submit("),
    ("reviews/ranking.html", "form.submit("),
    ("reviews/comprehensive.html", "form.submit_report("),
    ("panels/proposal.html", 'id="confirm-proposal"'),
    ("panels/declaration.html", "form.submit("),
    ("cycles/withdraw.html", "form.submit("),
    ("experts/show.html", "id='change-status'"),
    ("admin/users.html", "admin.set_active"),
    # issue 18: the office's decision on a registration, an invitation that creates a verified account
    ("accounts/pending.html", "_('Verify the account of"),
    ("accounts/pending.html", "_('Refuse the registration of"),
    ("accounts/invite.html", "_('Create the account and mail the invitation?"),
    # issue 18: applying online: submitting, taking back, removing a file; the recommender's signature or refusal
    ("online/draft.html", "data-confirm=\"{{ _('Submit the application to"),
    ("online/draft.html", "_('Take the application back to change it?"),
    ("online/_application.html", "_('Remove %(name)s? The file is deleted."),
    ("online/opinion.html", "_('Sign the opinion on %(organization)s?"),
    ("online/opinion.html", "_('Decline to recommend %(organization)s?"),
    # issue 18, Art. 16: sending back for correction, withdrawing the request, the organization's resubmission
    ("applications/_corrections.html", "_('Send %(number)s back to the organization for correction?"),
    ("applications/_corrections.html", "_('Withdraw correction request no. %(id)s?"),
    ("tracking/show.html", "_('Resubmit application %(number)s to the office?"),
    # issue 18: an organization's recusal request and the office's decision on it (Art. 33), a winner's own report
    ("recusals/mine.html", "_('Send this request to the office?"),
    ("recusals/show.html", "_('Record the chosen avoidance"),
    ("recusals/show.html", "_('Do not adopt this request?"),
    ("winners/mine.html", "_('Submit this use-of-funds report"),
]


@pytest.mark.parametrize("template, marker", ASKING)
def test_a_final_or_locking_action_asks_first(template, marker):
    lines = [line for line in (TEMPLATES / template).read_text().splitlines() if marker in line]
    assert lines, f"{marker} is no longer in {template}"
    assert all("data-confirm" in line for line in lines), (template, marker)
