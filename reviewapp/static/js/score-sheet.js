// The total shown while choosing; the server recomputes it on every save and its figure is the one that counts.
(function () {
  const form = document.getElementById('sheet-form');
  if (!form) return;
  function recompute() {
    let total = 0; const categories = {};
    form.querySelectorAll('.sheet-item').forEach(function (row) {
      const value = row.querySelector('select').value;
      const score = value === '' ? 0 : Number(row.dataset.points) * Number(value) / 100;
      total += score; categories[row.dataset.category] = (categories[row.dataset.category] || 0) + score;
    });
    document.getElementById('live-total').textContent = total.toFixed(2);
    document.querySelectorAll('[data-category-total]').forEach(function (badge) {
      badge.textContent = (categories[badge.dataset.categoryTotal] || 0).toFixed(2);
    });
  }
  form.addEventListener('change', recompute);
  // A choice made before this deferred script ran (a fast hand, the browser restoring a form) counts too.
  recompute();
})();
