// A checkbox with data-choose-all="<selector>" ticks or clears every checkbox the selector finds (issue 17: the
// office's pages that act on several records at once). Without script each box is ticked by hand.
document.addEventListener('change', function (event) {
  const selector = event.target.dataset && event.target.dataset.chooseAll;
  if (!selector) {
    return;
  }
  document.querySelectorAll(selector).forEach(function (box) {
    box.checked = event.target.checked;
  });
});
