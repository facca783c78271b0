// Choosing from a <select data-submit-on-change> submits its form (the language switch); without script a
// <noscript> button does the same.
document.addEventListener('change', function (event) {
  if (event.target.matches('select[data-submit-on-change]') && event.target.form) {
    event.target.form.submit();
  }
});
