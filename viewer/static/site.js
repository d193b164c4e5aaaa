/* Header search: asks /api/search as you type and lists links (text only). */
(function () {
  'use strict';
  var form = document.getElementById('site-search');
  if (!form) return;
  var input = document.getElementById('site-search-q'), list = document.getElementById('site-search-results');
  var pending = 0;
  function show(hits) {
    list.textContent = '';
    hits.forEach(function (h) {
      var li = document.createElement('li'), a = document.createElement('a');
      a.textContent = h.label; a.href = h.page || ('/api/entity?iri=' + encodeURIComponent(h.iri));
      var k = document.createElement('small'); k.textContent = ' ' + h.kind;
      li.appendChild(a); li.appendChild(k); list.appendChild(li);
    });
    list.hidden = hits.length === 0;
  }
  input.addEventListener('input', function () {
    var q = input.value.trim(), mine = ++pending;
    if (q.length < 2) { show([]); return; }
    fetch('/api/search?limit=15&q=' + encodeURIComponent(q)).then(function (r) { return r.ok ? r.json() : []; })
      .then(function (hits) { if (mine === pending) show(hits); });
  });
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var first = list.querySelector('a');
    if (first) window.location.href = first.href;
  });
})();
