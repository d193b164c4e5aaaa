/* Network explorer: draws the pyvis records with vis-network, then shows the
 * network as it stood in the chosen month by hiding, fading or dashing nodes
 * and edges from their spans (no re-layout). All text from the graph is put in
 * the page with textContent, never parsed as HTML. */
(function () {
  'use strict';
  var EVER = '0000-00', NEVER = '9999-99';
  var MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];
  var RANK = { present: 3, possible: 2, ended: 1, before: 0 };

  function read(id) { return JSON.parse(document.getElementById(id).textContent); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function monthText(m) { return MONTHS[parseInt(m.slice(5, 7), 10) - 1] + ' ' + m.slice(0, 4); }
  function monthsBetween(a, b) {
    var out = [], y = +a.slice(0, 4), m = +a.slice(5, 7), ly = +b.slice(0, 4), lm = +b.slice(5, 7);
    while (y < ly || (y === ly && m <= lm)) {
      out.push(y + '-' + (m < 10 ? '0' : '') + m);
      m += 1; if (m === 13) { y += 1; m = 1; }
    }
    return out;
  }
  function stateAt(span, month) {
    if (month < span.fp) return 'before';
    if (span.fs <= month && month <= span.us) return 'present';
    if (month <= span.up) return 'possible';
    return 'ended';
  }
  function best(states) {
    return states.reduce(function (a, b) { return RANK[b] > RANK[a] ? b : a; }, 'before');
  }
  function short(text) { return text.length > 48 ? text.slice(0, 47) + '…' : text; }
  function tip(lines) {
    var d = el('div', 'tip');
    lines.forEach(function (line, i) { d.appendChild(el(i === 0 ? 'strong' : 'div', null, line)); });
    return d;
  }

  var rawNodes = read('network-nodes'), rawEdges = read('network-edges');
  var options = read('network-options'), extra = read('network-extra');
  var months = monthsBetween(extra.first, extra.last);
  var byId = {}, edgeById = {}, incident = {};
  rawNodes.forEach(function (n) { byId[n.id] = n; incident[n.id] = []; });
  rawEdges.forEach(function (e) {
    edgeById[e.id] = e;
    if (incident[e.from]) incident[e.from].push(e);
    if (incident[e.to]) incident[e.to].push(e);
  });

  var nodes = new vis.DataSet(rawNodes.map(function (n) {
    return { id: n.id, label: short(n.label), shape: n.shape, color: n.color, size: n.size, font: n.font,
      title: tip(n.tip) };
  }));
  var edges = new vis.DataSet(rawEdges.map(function (e) {
    return { id: e.id, from: e.from, to: e.to, color: { color: e.color }, width: e.width || 2, title: tip(e.tip) };
  }));
  var container = document.getElementById('network');
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  var stabilised = false;
  network.once('stabilizationIterationsDone', function () {
    network.setOptions({ physics: false });
    fitShown();
    stabilised = true;
    document.body.setAttribute('data-network-ready', 'true');
  });

  // --- filters -------------------------------------------------------------
  var fCouncil = document.getElementById('filter-council');
  var fRegion = document.getElementById('filter-region');
  var fKinds = Array.prototype.slice.call(document.querySelectorAll('.filter-kind'));
  var fIsolated = document.getElementById('filter-isolated');
  function passes(n) {
    if (n.kind === 'council' && !incident[n.id].length && !fIsolated.checked) return false;
    var kinds = fKinds.filter(function (c) { return c.checked; }).map(function (c) { return c.value; });
    if (kinds.indexOf(n.kind) < 0) return false;
    if (fCouncil.value && n.councils.indexOf(fCouncil.value) < 0) return false;
    if (fRegion.value && n.regions.indexOf(fRegion.value) < 0) return false;
    return true;
  }

  // --- state at a month ------------------------------------------------------
  var slider = document.getElementById('month-slider');
  var label = document.getElementById('month-label');
  var current = months[months.length - 1];
  function edgeState(e, month) {
    return best(e.spans.map(function (s) { return stateAt(s, month); }));
  }
  function nodeState(n, month, eStates) {
    if ((n.kind === 'partnership' || n.kind === 'inspection') && n.span) return stateAt(n.span, month);
    if (n.kind === 'council' || n.kind === 'organisation' || n.kind === 'board') return 'present';
    var st = incident[n.id].map(function (e) { return eStates[e.id]; });
    return st.length ? best(st) : 'present';
  }
  function apply(month) {
    current = month;
    var eStates = {}, nStates = {}, nodeUpd = [], edgeUpd = [];
    rawEdges.forEach(function (e) { eStates[e.id] = edgeState(e, month); });
    rawNodes.forEach(function (n) {
      var st = nodeState(n, month, eStates);
      nStates[n.id] = st;
      var show = passes(n) && (st === 'present' || st === 'possible' || (n.kind === 'partnership' && st === 'ended'));
      var upd = { id: n.id, hidden: !show, label: short(n.label), color: n.color, opacity: 1,
        shapeProperties: { borderDashes: false } };
      if (st === 'possible') { upd.opacity = 0.4; upd.shapeProperties = { borderDashes: [4, 4] }; }
      if (n.kind === 'partnership' && st === 'ended') {
        upd.label = short(n.label) + ' (dissolved)'; upd.color = '#bdbdbd'; upd.opacity = 0.7;
        upd.shapeProperties = { borderDashes: [2, 4] };
      }
      nodeUpd.push(upd);
    });
    nodes.update(nodeUpd);
    var shown = {};
    nodeUpd.forEach(function (u) { shown[u.id] = !u.hidden; });
    rawEdges.forEach(function (e) {
      var st = eStates[e.id];
      var upd = { id: e.id, hidden: !(shown[e.from] && shown[e.to]), dashes: false, color: { color: e.color, opacity: 1 } };
      if (st === 'possible') { upd.dashes = [6, 6]; upd.color = { color: e.color, opacity: 0.35 }; }
      else if (st === 'ended' && e.kind === 'member') { upd.dashes = [2, 6]; upd.color = { color: '#9e9e9e', opacity: 0.6 }; }
      else if (st !== 'present') { upd.hidden = true; }
      edgeUpd.push(upd);
    });
    edges.update(edgeUpd);
    label.textContent = monthText(month);
    slider.setAttribute('aria-valuetext', monthText(month));
    document.body.setAttribute('data-month', month);
    renderStanding(month, eStates, nStates);
    renderGantt(month);
  }

  // --- what stands at this date (text, for people and tests alike) ----------
  function renderStanding(month, eStates, nStates) {
    document.getElementById('standing-month').textContent = monthText(month);
    var plist = document.getElementById('standing-partnerships');
    plist.textContent = '';
    rawNodes.filter(function (n) { return n.kind === 'partnership' && passes(n); }).forEach(function (n) {
      var st = nStates[n.id];
      if (st === 'before') return;
      var word = st === 'ended' ? 'dissolved' : (st === 'possible' ? 'possibly still in place' : 'in place');
      var li = el('li', 'state-' + st);
      li.setAttribute('data-iri', n.id); li.setAttribute('data-state', st === 'ended' ? 'dissolved' : st);
      li.appendChild(detailsButton(n.id, n.label)); li.appendChild(el('span', 'state', ' — ' + word));
      plist.appendChild(li);
    });
    if (!plist.children.length) plist.appendChild(el('li', 'none', 'none'));
    var tlist = document.getElementById('standing-tenures');
    tlist.textContent = '';
    rawEdges.filter(function (e) { return e.kind === 'tenure'; }).forEach(function (e) {
      var st = eStates[e.id];
      if (st !== 'present' && st !== 'possible') return;
      var person = byId[e.from].kind === 'person' ? byId[e.from] : byId[e.to];
      var org = person === byId[e.from] ? byId[e.to] : byId[e.from];
      if (!passes(person) && !passes(org)) return;
      var li = el('li', 'state-' + st);
      li.setAttribute('data-iri', person.id); li.setAttribute('data-state', st);
      li.appendChild(detailsButton(person.id, person.label));
      li.appendChild(el('span', null, ': ' + e.role + ', ' + org.label + (st === 'possible' ? ' (possibly)' : '')));
      tlist.appendChild(li);
    });
    if (!tlist.children.length) tlist.appendChild(el('li', 'none', 'none'));
    Array.prototype.forEach.call(document.querySelectorAll('#changes-list li'), function (li) {
      li.classList.toggle('current', li.getAttribute('data-month') === month);
    });
  }
  var ID_BASE = 'https://w3id.org/csgkg/id/';
  function detailsButton(id, text) {
    // a real link to the entity page; a plain click opens the details panel instead
    var a = el('a', 'open-details', text);
    a.href = id.indexOf(ID_BASE) === 0 ? '/id/' + id.slice(ID_BASE.length).split('#')[0] : '#';
    a.addEventListener('click', function (ev) {
      if (ev.ctrlKey || ev.metaKey || ev.shiftKey) return;
      ev.preventDefault();
      select(id);
    });
    return a;
  }

  // --- leadership changes on the slider ----------------------------------------
  var ticks = document.getElementById('change-ticks');
  var marks = document.getElementById('change-marks');
  var changesList = document.getElementById('changes-list');
  var byMonth = {};
  extra.changes.forEach(function (c) { (byMonth[c.month] = byMonth[c.month] || []).push(c.text); });
  Object.keys(byMonth).sort().forEach(function (m) {
    var i = months.indexOf(m);
    if (i < 0) return;
    var t = el('span', 'tick');
    t.style.left = (months.length > 1 ? (100 * i / (months.length - 1)) : 0) + '%';
    t.title = monthText(m) + ': ' + byMonth[m].join('; ');
    ticks.appendChild(t);
    var o = document.createElement('option'); o.value = String(i); marks.appendChild(o);
    byMonth[m].forEach(function (text) {
      var li = el('li'); li.setAttribute('data-month', m);
      var b = el('button', 'linklike', monthText(m)); b.type = 'button';
      b.addEventListener('click', function () { setMonth(m); });
      li.appendChild(b); li.appendChild(el('span', null, ': ' + text));
      changesList.appendChild(li);
    });
  });
  if (!extra.changes.length) changesList.appendChild(el('li', 'none', 'none recorded'));

  // --- Gantt of tenures per council ------------------------------------------------
  function idx(m) {
    if (m <= months[0] || m === EVER) return 0;
    if (m >= months[months.length - 1] || m === NEVER) return months.length - 1;
    return months.indexOf(m);
  }
  function pct(i) { return (100 * i / months.length) + '%'; }
  function bar(cls, a, b, title) {
    var s = el('span', 'bar ' + cls);
    s.style.left = pct(a); s.style.width = pct(Math.max(b - a + 1, 0)); s.title = title;
    return s;
  }
  function renderGantt(month) {
    var box = document.getElementById('gantt');
    box.textContent = '';
    var groups = {};
    rawEdges.filter(function (e) { return e.kind === 'tenure'; }).forEach(function (e) {
      var council = byId[e.to].kind === 'council' ? byId[e.to] : (byId[e.from].kind === 'council' ? byId[e.from] : null);
      if (!council || !passes(council)) return;
      var person = council === byId[e.to] ? byId[e.from] : byId[e.to];
      (groups[council.id] = groups[council.id] || { council: council, rows: [] }).rows.push({ person: person, edge: e });
    });
    var axis = el('div', 'gantt-axis');
    months.forEach(function (m, i) {
      if (m.slice(5) === '01') { var y = el('span', 'year', m.slice(0, 4)); y.style.left = pct(i); axis.appendChild(y); }
    });
    box.appendChild(axis);
    Object.keys(groups).sort(function (a, b) { return groups[a].council.label.localeCompare(groups[b].council.label); })
      .forEach(function (k) {
        var g = groups[k];
        box.appendChild(el('h3', 'gantt-council', g.council.label));
        g.rows.forEach(function (r) {
          r.edge.spans.forEach(function (s) {
            var row = el('div', 'gantt-row');
            row.appendChild(el('span', 'who', r.person.label + ' — ' + r.edge.role));
            var track = el('div', 'track');
            var title = r.person.label + ', ' + r.edge.role + ': ' + s.text;
            if (s.fs !== NEVER && s.fs <= s.us) {
              if (s.fp < s.fs) track.appendChild(bar('possible', idx(s.fp), idx(s.fs) - 1, title));
              track.appendChild(bar('sure', idx(s.fs), idx(s.us), title));
              if (s.us < s.up) track.appendChild(bar('possible', idx(s.us) + 1, idx(s.up), title));
            } else {
              track.appendChild(bar('possible', idx(s.fp), idx(s.up), title));
            }
            var cursor = el('span', 'cursor'); cursor.style.left = pct(months.indexOf(month));
            track.appendChild(cursor);
            row.appendChild(track);
            box.appendChild(row);
          });
        });
      });
    if (!Object.keys(groups).length) box.appendChild(el('p', 'none', 'No tenures for this selection.'));
  }

  // --- details panel ---------------------------------------------------------------
  var details = document.getElementById('details');
  function showDetails(id) {
    details.textContent = '';
    details.appendChild(el('p', 'loading', 'Loading…'));
    fetch('/api/entity?iri=' + encodeURIComponent(id), { headers: { Accept: 'application/json' } })
      .then(function (r) { if (!r.ok) throw new Error(r.status + ' ' + r.statusText); return r.json(); })
      .then(function (d) { renderDetails(d); })
      .catch(function (err) { details.textContent = ''; details.appendChild(el('p', 'error', 'Could not load details: ' + err.message)); });
  }
  function dateText(dates) {
    var parts = [];
    if (dates.start || dates.end) parts.push((dates.start ? dates.start[0].text : 'start unknown') + ' – ' + (dates.end ? dates.end[0].text : 'end unknown'));
    (dates.date || []).forEach(function (i) { parts.push(i.text); });
    (dates.seen || []).forEach(function (i) { parts.push('in post ' + i.text); });
    return parts.join('; ');
  }
  function renderDetails(d) {
    details.textContent = '';
    details.setAttribute('data-iri', d.iri);
    details.appendChild(el('h2', 'details-title', d.label));
    details.appendChild(el('p', 'kinds', d.types.map(function (t) { return t.label; }).join(', ')));
    if (d.page) { var a = el('a', null, 'Open the full page'); a.href = d.page; details.appendChild(a); }
    if (Object.keys(d.dates).length) details.appendChild(el('p', 'dates', dateText(d.dates)));
    if (d.timeline.length) {
      details.appendChild(el('h3', null, 'Timeline'));
      var ul = el('ul', 'timeline');
      d.timeline.slice(0, 30).forEach(function (it) {
        var li = el('li');
        var when = dateText(it.dates);
        if (when) li.appendChild(el('span', 'when', when + ': '));
        if (it.page) { var a2 = el('a', null, it.label); a2.href = it.page; li.appendChild(a2); } else { li.appendChild(el('span', null, it.label)); }
        ul.appendChild(li);
      });
      details.appendChild(ul);
    }
    details.appendChild(el('h3', null, 'Evidence'));
    if (!d.evidence.length) details.appendChild(el('p', null, 'No quote supports these facts directly.'));
    d.evidence.slice(0, 30).forEach(function (e) {
      var fig = el('figure', 'quote');
      var q = el('blockquote');
      q.appendChild(document.createTextNode('…' + e.prefix));
      q.appendChild(el('mark', null, e.exact));
      q.appendChild(document.createTextNode(e.suffix + '…'));
      fig.appendChild(q);
      var cap = el('figcaption');
      var a3 = el('a', null, e.document_title || e.docid); a3.href = e.link;
      cap.appendChild(a3);
      fig.appendChild(cap);
      details.appendChild(fig);
    });
  }
  function select(id) {
    if (!byId[id]) return;
    network.selectNodes([id]);
    showDetails(id);
  }
  network.on('click', function (params) { if (params.nodes.length) showDetails(params.nodes[0]); });

  // --- find by name -------------------------------------------------------------------
  var names = document.getElementById('node-names');
  rawNodes.forEach(function (n) { var o = document.createElement('option'); o.value = n.label; names.appendChild(o); });
  document.getElementById('find-node').addEventListener('change', function (ev) {
    var want = ev.target.value.trim().toLowerCase();
    var hit = rawNodes.filter(function (n) { return n.label.toLowerCase() === want; })[0] ||
      rawNodes.filter(function (n) { return n.label.toLowerCase().indexOf(want) >= 0; })[0];
    if (hit) { select(hit.id); network.focus(hit.id, { scale: 1.1, animation: false }); }
  });

  // --- time controls ---------------------------------------------------------------------
  function setMonth(m) {
    var i = months.indexOf(m);
    if (i < 0) return false;
    slider.value = String(i);
    apply(m);
    return true;
  }
  slider.max = String(months.length - 1);
  slider.addEventListener('input', function () { apply(months[+slider.value]); });
  var timer = null, play = document.getElementById('play');
  function stop() { clearInterval(timer); timer = null; play.textContent = 'Play'; play.setAttribute('aria-pressed', 'false'); }
  play.addEventListener('click', function () {
    if (timer) { stop(); return; }
    if (+slider.value >= months.length - 1) slider.value = '0';
    play.textContent = 'Pause'; play.setAttribute('aria-pressed', 'true');
    timer = setInterval(function () {
      var i = +slider.value + 1;
      if (i >= months.length) { stop(); return; }
      slider.value = String(i); apply(months[i]);
    }, 700);
  });
  function fitShown() {
    var ids = nodes.get({ filter: function (n) { return !n.hidden; } }).map(function (n) { return n.id; });
    network.fit({ nodes: ids.length ? ids : undefined, animation: false });
    network.moveTo({ scale: network.getScale() * 0.85, animation: false });  // room for labels
  }
  [fCouncil, fRegion, fIsolated].concat(fKinds).forEach(function (c) {
    c.addEventListener('change', function () { apply(current); fitShown(); });
  });
  setMonth(months[months.length - 1]);

  window.csgkgExplorer = {
    network: network, months: months, setMonth: setMonth, select: select,
    month: function () { return current; },
    ready: function () { return stabilised; },
    nodePosition: function (id) {
      var p = network.getPositions([id])[id];
      if (!p) return null;
      var dom = network.canvasToDOM(p), rect = container.getBoundingClientRect();
      return { x: rect.left + dom.x, y: rect.top + dom.y };
    }
  };
})();
