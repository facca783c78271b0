"""What each kind of notice says, in one line: the in-app text and the mail's subject. Only what happened and where
to look: never scores, never applicant materials (issue 16)."""
from reviewapp.domain.i18n import N_

MESSAGES = {
    # No panel name: an automatic panel is named after its applicant, which the expert may see only after signing
    # the cycle's declaration (Art. 33).
    "panel_member_added": N_("You are seated on a review panel (%(stage)s) of %(cycle)s"),
    "panel_member_removed": N_("You are no longer on a review panel (%(stage)s) of %(cycle)s"),
    # reminders.py: 3 days and 1 day before a due date, and the day after it
    "deadline_soon": N_("Reminder: %(work)s of %(cycle)s are due on %(date)s"),
    "deadline_overdue": N_("Overdue: %(work)s of %(cycle)s were due on %(date)s"),
    "event_soon": N_("Reminder: %(work)s of %(cycle)s take place on %(date)s"),
    # the review's work coming back or complete (reviews/): the stage and the cycle, never the applicant or scores
    "sheet_reopened": N_("The office reopened one of your score sheets (%(stage)s) of %(cycle)s"),
    "report_reopened": N_("The office reopened a report of your panel (%(stage)s) of %(cycle)s"),
    "comprehensive_reopened": N_("The office reopened a comprehensive evaluation report of your panel of %(cycle)s"),
    "sheets_all_in": N_("Every sheet of your panel (%(stage)s) for one applicant of %(cycle)s is in: the report "
                        "can be written"),
    # the office's inbox (submissions/): the receipt only; who filed it and what it says stay on the page
    "submission_received": N_("New %(what)s filed: receipt %(receipt)s"),
    # what an expert declares (graph/notices.py, Art. 33): the office checks the panels; the expert's seat changes
    "affiliation_declared": N_("%(expert)s declared an affiliation: check it against the cycle's applicants"),
    "conflict_declared": N_("%(expert)s declared a conflict of interest: check the panels"),
    "late_conflict": N_("A conflict of interest found after the assignment takes you off one applicant of your panel "
                        "(%(stage)s) of %(cycle)s (Art. 33)"),
    "late_conflict_office": N_("%(expert)s has a conflict of interest with an applicant of their panel (%(stage)s) of "
                               "%(cycle)s: replace them (Art. 33)"),
    # the leading group's papers (reviews/evaluation): the office proposed the candidate list (Art. 20)
    "candidates_ready": N_("The candidate list of %(cycle)s is ready for the leading group's review"),
    # to a citizen who gave an e-mail address (submissions/): the receipt and the status, read in full with it
    "submission_receipt": N_("Your %(what)s was received: receipt %(receipt)s"),
    "submission_status": N_("Your %(what)s (receipt %(receipt)s) is now: %(status)s"),
    # reviewapp/auth/reset.py: a mail only, never an in-app notice
    "password_reset": N_("A link to set a new password for %(username)s"),
    # issue 17: the office created the expert's account (reviewapp/auth/reset.py invite): a mail only
    "invitation": N_("Your account %(username)s in the review system of the Benxi Mayor's Quality Award"),
    # issue 18: organizations' accounts (reviewapp/accounts/): the office's decision on a registration, an invitation
    "account_verified": N_("The office verified your account for %(organization)s"),
    "account_refused": N_("The office refused your registration for %(organization)s: read the reason in the system"),
    "organization_invitation": N_("Your account %(username)s for %(organization)s in the review system of the Benxi "
                                  "Mayor's Quality Award"),
    # issue 18: applying online (reviewapp/online/): the recommender is asked; the organization and the office told
    "draft_submitted": N_("%(organization)s asks for your recommendation opinion on its application to %(cycle)s"),
    "draft_declined": N_("Your recommender declined to recommend your application to %(cycle)s: read the reason in "
                         "the system"),
    "draft_registered": N_("Your recommender signed its opinion: your application %(number)s to %(cycle)s is with the "
                           "office"),
    "online_application_registered": N_("Application %(number)s of %(organization)s was registered online with its "
                                        "recommender's signed opinion"),
    # issue 18, Art. 16: a correction (补正) asked of the organization, and its resubmission to the office
    "correction_requested": N_("The office sent your application %(number)s back for correction, due %(date)s"),
    "correction_resubmitted": N_("%(organization)s resubmitted application %(number)s after correction"),
    # issue 18, Art. 33: an organization's recusal request (reviewapp/recusals/); the organization reads the outcome in
    # words, never who was matched
    "recusal_requested": N_("%(organization)s asks that named persons or organizations be avoided (Art. 33)"),
    "recusal_handled": N_("The office handled your recusal request for %(cycle)s"),
    "recusal_rejected": N_("The office did not adopt your recusal request for %(cycle)s: read the reason in the "
                           "system"),
    # issue 18, Art. 27, 29: what a winner submits through its own account, told to the office
    "winner_funds_report_submitted": N_("%(organization)s submitted its use-of-funds report for year %(year)s after "
                                        "the award (Art. 29)"),
    "winner_activity_submitted": N_("%(organization)s recorded an experience-sharing activity (Art. 27)"),
    # issue 18, Art. 29: the winner's yearly use-of-funds report, reminded to the organization's account
    "funds_report_soon": N_("Reminder: your use-of-funds report for year %(year)s after the award is due on %(date)s "
                            "(Art. 29)"),
    "funds_report_overdue": N_("Overdue: your use-of-funds report for year %(year)s after the award was due on "
                               "%(date)s (Art. 29)"),
}

# Mails a user cannot turn off (issue 16: "notices that a rule requires always go"): a seat on a panel and the
# declaration it asks for (Art. 33), a conflict taking the expert off an applicant (Art. 33, to the expert and to the
# office that must replace them), a citizen's receipt and status (Art. 22, 34: no account, no choice), the password
# link. A user who chose "essential only" gets the other
# kinds in the in-app list alone.
ESSENTIAL = frozenset({"panel_member_added", "panel_member_removed", "late_conflict", "late_conflict_office",
                       "submission_receipt", "submission_status", "password_reset", "invitation",
                       "account_verified", "account_refused", "organization_invitation", "correction_requested"})
