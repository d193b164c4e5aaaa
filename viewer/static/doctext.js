/* Document text: highlight the quote named in the fragment (#q-<offset>-<length>)
 * when the server did not (links without ?q=), and scroll it into view. */
(function () {
  'use strict';
  var pre = document.getElementById('doctext');
  if (!pre) return;
  var mark = document.getElementById('quote');
  var m = /^#q-(\d+)-(\d+)$/.exec(window.location.hash);
  if (!mark && m && pre.childNodes.length === 1) {
    var text = pre.textContent, start = +m[1], len = +m[2];
    if (start + len <= text.length && len > 0) {
      pre.textContent = '';
      pre.appendChild(document.createTextNode(text.slice(0, start)));
      mark = document.createElement('mark');
      mark.id = 'quote'; mark.className = 'quote-hl';
      mark.textContent = text.slice(start, start + len);
      pre.appendChild(mark);
      pre.appendChild(document.createTextNode(text.slice(start + len)));
    }
  }
  if (mark) mark.scrollIntoView({ block: 'center' });
})();
