/* Query page: CodeMirror editor (SPARQL mode), example queries from queries/*.rq,
 * results fetched from /sparql as SPARQL JSON and shown as a table (text only). */
(function () {
  'use strict';
  var form = document.getElementById('query-form');
  var area = document.getElementById('query-text');
  var status = document.getElementById('query-status');
  var results = document.getElementById('results');
  var editor = window.CodeMirror ? CodeMirror.fromTextArea(area, { mode: 'application/sparql-query', lineNumbers: true }) : null;
  function text() { return editor ? editor.getValue() : area.value; }
  function setText(t) { if (editor) editor.setValue(t); else area.value = t; }
  window.csgkgQuery = { text: text, setText: setText };

  Array.prototype.forEach.call(document.querySelectorAll('button.example'), function (b) {
    b.addEventListener('click', function () {
      var src = document.querySelector('script.example-text[data-name="' + b.getAttribute('data-name') + '"]');
      if (src) setText(JSON.parse(src.textContent));
    });
  });

  function cell(term) {
    var td = document.createElement('td');
    if (!term) return td;
    if (term.type === 'uri') {
      var a = document.createElement('a');
      a.textContent = term.value;
      var base = 'https://w3id.org/csgkg/id/';
      a.href = term.value.indexOf(base) === 0 ? '/id/' + term.value.slice(base.length).split('#')[0] : term.value;
      if (a.href.indexOf('http') === 0 && term.value.indexOf(base) !== 0) a.rel = 'noopener noreferrer';
      td.appendChild(a);
    } else {
      td.textContent = term.value;
      if (term['xml:lang']) td.title = '@' + term['xml:lang'];
      else if (term.datatype) td.title = term.datatype;
    }
    return td;
  }
  function table(data) {
    results.textContent = '';
    if (typeof data.boolean === 'boolean') {
      var p = document.createElement('p'); p.className = 'ask'; p.textContent = data.boolean ? 'true' : 'false';
      results.appendChild(p); return;
    }
    var t = document.createElement('table'); t.className = 'results-table';
    var head = document.createElement('tr');
    data.head.vars.forEach(function (v) { var th = document.createElement('th'); th.textContent = '?' + v; head.appendChild(th); });
    var thead = document.createElement('thead'); thead.appendChild(head); t.appendChild(thead);
    var body = document.createElement('tbody');
    data.results.bindings.forEach(function (b) {
      var tr = document.createElement('tr');
      data.head.vars.forEach(function (v) { tr.appendChild(cell(b[v])); });
      body.appendChild(tr);
    });
    t.appendChild(body); results.appendChild(t);
    status.textContent = data.results.bindings.length + ' rows';
  }
  function run(ev) {
    if (ev) ev.preventDefault();
    status.textContent = 'Running…';
    results.textContent = '';
    var started = Date.now();
    fetch('/sparql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/sparql-query', Accept: 'application/sparql-results+json, text/turtle;q=0.9' },
      body: text()
    }).then(function (r) {
      var ct = r.headers.get('content-type') || '';
      return r.text().then(function (body) { return { ok: r.ok, status: r.status, ct: ct, body: body, cut: r.headers.get('x-result-truncated') }; });
    }).then(function (r) {
      if (!r.ok) { status.textContent = 'Error ' + r.status; var pre = document.createElement('pre'); pre.className = 'error'; pre.textContent = r.body; results.appendChild(pre); return; }
      if (r.ct.indexOf('json') >= 0) table(JSON.parse(r.body));
      else { var out = document.createElement('pre'); out.textContent = r.body; results.appendChild(out); status.textContent = 'graph result'; }
      status.textContent += ' in ' + ((Date.now() - started) / 1000).toFixed(2) + ' s' + (r.cut ? ' (' + r.cut + ')' : '');
      results.setAttribute('data-done', 'true');
    }).catch(function (err) { status.textContent = 'Failed: ' + err.message; });
  }
  form.addEventListener('submit', run);
  document.getElementById('download').addEventListener('click', function () {
    var fmt = document.getElementById('download-format').value;
    window.location.href = '/sparql?format=' + encodeURIComponent(fmt) + '&query=' + encodeURIComponent(text());
  });
})();
