// A form with data-confirm asks before it is sent: actions that cannot be taken back with a click (dissolving a
// panel, moving a cycle to its next stage, deactivating an account). Without script the form is sent directly;
// the server's own checks still apply.
// A submit button may carry its own question (a form that saves a draft and submits a report asks only on submit).
document.addEventListener('submit', function (event) {
  const button = event.submitter;
  const question = (button && button.dataset && button.dataset.confirm) ||
    (event.target.dataset && event.target.dataset.confirm);
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});
