"""Notifications (issue 16): the outbox written with the event, the sender that delivers it (mail, SMS adapter), the
in-app list with its unread count, and the office's view of the outbox."""
