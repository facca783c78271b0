// The public forms' proof of work (reviewapp/domain/challenge.py) with the vendored ALTCHA widget
// (static/vendor/altcha, loaded as a module before this one). The widget's worker comes from our own origin, so the
// Content-Security-Policy needs no blob: worker; its texts come from the page (data-strings, in the page's
// language). The widget fetches a fresh signed challenge from our origin (its `challenge` attribute) when the form is
// sent or the box ticked; an answer that expired before the form was sent is dropped, and sending solves anew.
(function () {
  const altcha = globalThis.$altcha;
  const widgets = document.querySelectorAll('altcha-widget[data-worker]');
  if (!altcha || widgets.length === 0) {
    return;
  }
  const worker = widgets[0].dataset.worker;
  altcha.algorithms.set('PBKDF2/SHA-256', function () { return new Worker(worker); });
  widgets.forEach(function (widget) {
    altcha.i18n.set(widget.getAttribute('language'), JSON.parse(widget.dataset.strings));
    widget.addEventListener('expired', function () { widget.reset(); });
  });
})();
