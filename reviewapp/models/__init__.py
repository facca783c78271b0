"""Every model, imported here so that Alembic and create_all see them all."""
from reviewapp.models.application import (
    Application,
    ApplicationStatus,
    CorrectionOutcome,
    CorrectionRequest,
    JudgementRecord,
    Material,
    MaterialKind,
)
from reviewapp.models.application_draft import ApplicationDraft, DraftStatus  # noqa: F401 (issue 18)
from reviewapp.models.audit import AuditEntry, AuditHead
from reviewapp.models.award import (
    ExpertNote,
    ExpertNoteKind,
    GroupDecision,
    ListChange,
    ListChangeSource,
    ListEntry,
    MoneyEntry,
    MoneyKind,
    OutsideAward,
    OutsideAwardKind,
    PublicSubmission,
    RateLimitHit,
    SubmissionEvidence,
    SubmissionKind,
    SubmissionStatus,
    SubmissionSubject,
    UsedChallenge,
)
from reviewapp.models.base import Base
from reviewapp.models.call import CallPublication
from reviewapp.models.commendation import CommendationDecision, CommendationScan
from reviewapp.models.comprehensive import ComprehensiveReport
from reviewapp.models.cycle import Cycle, HolidaySchedule, Stage
from reviewapp.models.deliberation import GroupOpinion, GroupVote
from reviewapp.models.expert import Expert, ExpertAvailability, ExpertStatus
from reviewapp.models.graph import (
    ConflictDeclaration,
    DeclarationKind,
    DeclarationStatus,
    EntityMerge,
    GraphChange,
    GraphVersion,
    Person,
    Relation,
    RelationSource,
    RelationType,
    SuggestionDismissal,
)
from reviewapp.models.investigation import (
    Investigation,
    InvestigationConclusion,
    InvestigationEvidence,
    InvestigationSource,
    Withdrawal,
)
from reviewapp.models.notice import Notice, NoticeKind
from reviewapp.models.notification import Channel, Notification, OutboxMessage, OutboxStatus  # noqa: F401 (issue 16)
from reviewapp.models.opinion import OpinionRequest
from reviewapp.models.organization import (
    AwardKind,
    AwardRecord,
    CreditRecord,
    CreditRecordKind,
    FindingKind,
    MisconductFinding,
    Organization,
    OrgKind,
    RevocationClause,
)
from reviewapp.models.organization_account import OrganizationAccount  # noqa: F401 (issue 18)
from reviewapp.models.panel import (
    AssignmentProposal,
    ImpartialityDeclaration,
    Panel,
    PanelApplicant,
    PanelMember,
    PanelStage,
)
from reviewapp.models.recusal_request import RecusalRequest, RecusalStatus  # noqa: F401 (issue 18, Art. 33)
from reviewapp.models.review import (
    Candidate,
    PanelReport,
    ReportStatus,
    ScoreSheet,
    SheetStatus,
    SiteIssue,
    SiteIssueKind,
    SiteIssueResolution,
    SiteVisit,
)
from reviewapp.models.second_factor import RecoveryCode
from reviewapp.models.session import UserSession
from reviewapp.models.site_evidence import SiteIssueEvidence  # noqa: F401 (issue 17: site-visit photos)
from reviewapp.models.user import LoginAttempt, Role, User, UserRole
from reviewapp.models.winner import (  # noqa: F401 (Art. 26-29: the winners' register)
    FundsReport,
    TitleMisuseKind,
    TitleMisuseReport,
    WinnerActivity,
    WinnerActivityKind,
    WinnerDutyPolicy,
)

__all__ = [
    "ExpertNote", "ExpertNoteKind", "GroupDecision", "ListChange", "ListChangeSource", "ListEntry", "MoneyEntry",
    "MoneyKind", "OutsideAward", "OutsideAwardKind", "PublicSubmission", "RateLimitHit", "SubmissionEvidence",
    "SubmissionKind", "SubmissionStatus", "SubmissionSubject", "UsedChallenge",
    "Candidate", "PanelReport", "ReportStatus", "ScoreSheet", "SheetStatus", "SiteIssue", "SiteIssueKind",
    "ComprehensiveReport",
    "SiteIssueResolution", "SiteVisit",
    "CallPublication",
    "CommendationDecision", "CommendationScan",
    "AssignmentProposal", "Expert", "ExpertAvailability", "ExpertStatus", "ImpartialityDeclaration", "Panel",
    "PanelApplicant", "PanelMember", "PanelStage",
    "Application", "ApplicationStatus", "AuditEntry", "AuditHead", "AwardKind", "AwardRecord", "Base",
    "ConflictDeclaration", "CreditRecord", "CreditRecordKind", "Cycle", "DeclarationKind", "DeclarationStatus",
    "EntityMerge", "FindingKind", "GraphChange", "GraphVersion", "HolidaySchedule", "JudgementRecord",
    "LoginAttempt", "Material", "MaterialKind", "CorrectionOutcome", "CorrectionRequest", "MisconductFinding",
    "Notice", "NoticeKind", "OpinionRequest",
    "Organization",
    "OrgKind", "Person", "RecoveryCode", "Relation", "RelationSource", "RelationType", "Role", "Stage",
    "SuggestionDismissal", "User", "UserRole", "UserSession",
    "RevocationClause",
    "Investigation", "InvestigationConclusion", "InvestigationEvidence", "InvestigationSource", "Withdrawal",
    "GroupOpinion", "GroupVote",
]
