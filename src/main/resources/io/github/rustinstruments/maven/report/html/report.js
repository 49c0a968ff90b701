/* rust-instruments report page: plain JavaScript, no dependencies, no network. */
(function () {
  'use strict';

  var errors = [];
  window.addEventListener('error', function (e) { errors.push(String(e.message || e)); });

  var DATA = JSON.parse(document.getElementById('report-data').textContent);
  // a leak check is about leaked bytes: its views start there
  var DEFAULT_WEIGHT = DATA.kind === 'leaks' ? 'leaked' : 'bytes';
  var STR = DATA.strings;
  var SVGNS = 'http://www.w3.org/2000/svg';
  var KIND_NAMES = ['your code', 'Rust standard library', 'system', 'other crate', 'merged entries', 'Java'];
  var WEIGHT_LABEL = { bytes: 'allocated', peak: 'at peak', leaked: 'leaked' };

  function str(i) { return i == null || i < 0 ? null : STR[i]; }

  // ---- formatting (the same units as the console summary)

  var BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  function fmtBytes(b) {
    if (b == null) { return 'n/a'; }
    var v = b, u = 0;
    while (Math.abs(Math.round(v * 10) / 10) >= 1024 && u < BYTE_UNITS.length - 1) { v /= 1024; u++; }
    return u === 0 ? b + ' B' : v.toFixed(1) + ' ' + BYTE_UNITS[u];
  }
  function fmtCount(n) {
    if (n == null) { return 'n/a'; }
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  }
  function fmtMillis(ms) {
    if (ms == null) { return 'n/a'; }
    return ms < 1000 ? Math.round(ms) + ' ms' : (ms / 1000).toFixed(1) + ' s';
  }
  function fmtPct(part, whole) {
    if (!whole) { return '\u2013'; }
    var p = 100 * part / whole;
    if (p === 0) { return '0 %'; }
    if (p < 0.1) { return '<0.1 %'; }
    return (p >= 99.95 ? '100' : p.toFixed(1)) + ' %';
  }

  /** A location to show: the path from the crate or library on, the full one in the tooltip. */
  function shortFile(file) {
    if (!file) { return null; }
    var f = file.replace(/\\/g, '/');
    var m = f.match(/\/(library\/.*)$/);
    if (m && /\/rustc\/|\/rust\/|rustlib/.test(f)) { return m[1]; }
    m = f.match(/\.cargo\/(?:registry\/src|git\/checkouts)\/[^/]+\/(.*)$/);
    if (m) { return m[1]; }
    if (f.charAt(0) === '/' && f.length > 48) {
      var parts = f.split('/');
      return '\u2026/' + parts.slice(-3).join('/');
    }
    return f;
  }
  function location(file, line, short) {
    if (!file) { return null; }
    var f = short ? shortFile(file) : file;
    return line > 0 ? f + ':' + line : f;
  }

  // ---- DOM helpers

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    setAttrs(e, attrs);
    append(e, children);
    return e;
  }
  function svg(tag, attrs, children) {
    var e = document.createElementNS(SVGNS, tag);
    setAttrs(e, attrs);
    append(e, children);
    return e;
  }
  function setAttrs(e, attrs) {
    if (!attrs) { return; }
    Object.keys(attrs).forEach(function (k) {
      var v = attrs[k];
      if (v == null || v === false) { return; }
      if (k === 'text') { e.textContent = v; } else if (k === 'class') { e.setAttribute('class', v); } else { e.setAttribute(k, v === true ? '' : v); }
    });
  }
  function append(e, children) {
    if (children == null) { return; }
    if (!Array.isArray(children)) { children = [children]; }
    children.forEach(function (c) {
      if (c == null) { return; }
      e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
  }
  function clear(e) { while (e.firstChild) { e.removeChild(e.firstChild); } }
  function widthOf(e, fallback) {
    var w = e.clientWidth || (e.getBoundingClientRect && e.getBoundingClientRect().width) || 0;
    return w > 50 ? Math.floor(w) : fallback;
  }

  // ---- tooltip

  var tooltip = document.getElementById('tooltip');
  function showTooltip(content, x, y) {
    clear(tooltip);
    append(tooltip, content);
    tooltip.hidden = false;
    var r = tooltip.getBoundingClientRect();
    var left = x + 14, top = y + 14;
    if (left + r.width > window.innerWidth - 8) { left = Math.max(8, x - r.width - 14); }
    if (top + r.height > window.innerHeight - 8) { top = Math.max(8, y - r.height - 14); }
    tooltip.style.left = left + 'px';
    tooltip.style.top = top + 'px';
  }
  function hideTooltip() { tooltip.hidden = true; }
  function figuresTable(rows) {
    return el('table', null, rows.map(function (r) {
      return el('tr', null, [el('td', { text: r[0] }), el('td', { text: r[1] })]);
    }));
  }

  // ---- nice axis ticks

  function niceStep(range, count) {
    var raw = range / Math.max(1, count);
    var mag = Math.pow(10, Math.floor(Math.log(raw) / Math.LN10));
    var norm = raw / mag;
    var step = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
    return step * mag;
  }
  function trimNumber(v) {
    var s = Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
    return s.indexOf('.') >= 0 ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
  }

  // ================================================================ heap chart

  var chart = (function () {
    var host = document.getElementById('heap-chart');
    var legend = document.getElementById('heap-legend');
    var tl = DATA.timeline || { t: [], heap: [], rss: null };
    var peakBytes = DATA.totals ? DATA.totals.peakHeapBytes : null;
    var peakTime = DATA.peakTimeMillis;

    function render() {
      clear(host);
      clear(legend);
      var n = tl.t.length;
      if (n < 2) {
        host.appendChild(el('p', { class: 'empty', text: n === 0
          ? 'This recording has no time line (the profiler took no timestamps).'
          : 'The time line has a single point: the program ran too briefly to sample.' }));
        return;
      }
      var hasRss = !!tl.rss;
      append(legend, [
        el('span', null, [el('i', { class: 'line' }), 'heap (live bytes)']),
        hasRss ? el('span', null, [el('i', { class: 'line rss' }), 'resident set size']) : null,
        peakBytes != null ? el('span', null, [el('i', { class: 'dot' }), 'peak']) : null
      ]);

      var W = widthOf(host, 1000), H = 300;
      var m = { left: 78, right: 24, top: 26, bottom: 44 };
      var iw = W - m.left - m.right, ih = H - m.top - m.bottom;
      var tMax = Math.max(tl.t[n - 1], peakTime || 0, DATA.durationMillis || 0, 1);
      var yMax = 0;
      for (var i = 0; i < n; i++) {
        yMax = Math.max(yMax, tl.heap[i]);
        if (hasRss && tl.rss[i] != null) { yMax = Math.max(yMax, tl.rss[i]); }
      }
      if (peakBytes != null) { yMax = Math.max(yMax, peakBytes); }
      if (yMax <= 0) { yMax = 1024; }

      // y: binary units, nice steps within the unit
      var unit = 0;
      while (unit < BYTE_UNITS.length - 1 && yMax / Math.pow(1024, unit + 1) >= 1) { unit++; }
      var scale = Math.pow(1024, unit);
      var yStep = niceStep(yMax / scale, 5) * scale;
      var yTop = Math.ceil(yMax * 1.08 / yStep) * yStep;
      // x: milliseconds or seconds
      var inSeconds = tMax >= 2000;
      var tScale = inSeconds ? 1000 : 1;
      var xStep = niceStep(tMax / tScale, Math.max(2, Math.floor(iw / 110))) * tScale;

      function X(t) { return m.left + iw * t / tMax; }
      function Y(b) { return m.top + ih - ih * b / yTop; }

      var root = svg('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, 'aria-hidden': 'true' });
      var grid = svg('g', { class: 'grid' });
      var axis = svg('g', { class: 'axis' });
      for (var yv = 0; yv <= yTop + yStep / 2; yv += yStep) {
        var y = Y(yv);
        grid.appendChild(svg('line', { x1: m.left, x2: W - m.right, y1: y, y2: y }));
        axis.appendChild(svg('text', { x: m.left - 8, y: y + 4, 'text-anchor': 'end',
          text: yv === 0 ? '0' : trimNumber(yv / scale) + ' ' + BYTE_UNITS[unit] }));
      }
      for (var xv = 0; xv <= tMax + xStep / 1000; xv += xStep) {
        var x = X(xv);
        grid.appendChild(svg('line', { x1: x, x2: x, y1: m.top, y2: m.top + ih }));
        axis.appendChild(svg('text', { x: x, y: m.top + ih + 17, 'text-anchor': 'middle', text: trimNumber(xv / tScale) }));
      }
      axis.appendChild(svg('text', { x: m.left + iw / 2, y: H - 6, 'text-anchor': 'middle',
        text: 'time since start (' + (inSeconds ? 's' : 'ms') + ')' }));
      axis.appendChild(svg('text', { x: 14, y: m.top + ih / 2, 'text-anchor': 'middle',
        transform: 'rotate(-90 14 ' + (m.top + ih / 2) + ')', text: 'memory (' + BYTE_UNITS[unit] + ')' }));
      axis.appendChild(svg('line', { class: 'axis-line', x1: m.left, x2: W - m.right, y1: m.top + ih, y2: m.top + ih }));
      axis.appendChild(svg('line', { class: 'axis-line', x1: m.left, x2: m.left, y1: m.top, y2: m.top + ih }));
      root.appendChild(grid);
      root.appendChild(axis);

      // heap: a step line (the heap holds its value until the next sample)
      var d = 'M' + X(tl.t[0]).toFixed(1) + ',' + Y(tl.heap[0]).toFixed(1);
      for (var k = 1; k < n; k++) {
        d += 'H' + X(tl.t[k]).toFixed(1) + 'V' + Y(tl.heap[k]).toFixed(1);
      }
      var area = d + 'V' + Y(0).toFixed(1) + 'H' + X(tl.t[0]).toFixed(1) + 'Z';
      root.appendChild(svg('path', { class: 'heap-area', d: area }));
      if (hasRss) {
        var r = '', pen = false;
        for (var j = 0; j < n; j++) {
          if (tl.rss[j] == null) { pen = false; continue; }
          r += (pen ? 'L' : 'M') + X(tl.t[j]).toFixed(1) + ',' + Y(tl.rss[j]).toFixed(1);
          pen = true;
        }
        if (r) { root.appendChild(svg('path', { class: 'rss-line', d: r })); }
      }
      root.appendChild(svg('path', { class: 'heap-line', d: d }));

      if (peakBytes != null) {
        var pt = peakTime != null ? peakTime : tl.t[tl.heap.indexOf(Math.max.apply(null, tl.heap))];
        var px = X(pt), py = Y(peakBytes);
        var label = 'peak ' + fmtBytes(peakBytes) + (peakTime != null ? ' at ' + fmtMillis(peakTime) : '');
        var right = px > m.left + iw * 0.75;
        var ly = Math.max(m.top - 8, py - 10);
        root.appendChild(svg('g', { class: 'peak-marker' }, [
          svg('line', { x1: px, x2: px, y1: py, y2: m.top + ih }),
          svg('circle', { cx: px, cy: py, r: 5 }),
          svg('text', { class: 'halo', x: right ? px - 10 : px + 10, y: ly, 'text-anchor': right ? 'end' : 'start', text: label })
        ]));
      }

      // hover: the figures at the nearest sample
      var cursor = svg('line', { class: 'cursor', y1: m.top, y2: m.top + ih, visibility: 'hidden' });
      root.appendChild(cursor);
      var hit = svg('rect', { x: m.left, y: m.top, width: iw, height: ih, fill: 'transparent' });
      root.appendChild(hit);
      hit.addEventListener('mousemove', function (ev) {
        var box = root.getBoundingClientRect();
        var t = (ev.clientX - box.left - m.left) / iw * tMax;
        var lo = 0, hi = n - 1;
        while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (tl.t[mid] <= t) { lo = mid; } else { hi = mid - 1; } }
        var cx = X(tl.t[lo]);
        cursor.setAttribute('x1', cx); cursor.setAttribute('x2', cx); cursor.setAttribute('visibility', 'visible');
        var rows = [['time', fmtMillis(tl.t[lo])], ['heap', fmtBytes(tl.heap[lo])]];
        if (hasRss && tl.rss[lo] != null) { rows.push(['RSS', fmtBytes(tl.rss[lo])]); }
        showTooltip(figuresTable(rows), ev.clientX, ev.clientY);
      });
      hit.addEventListener('mouseleave', function () { cursor.setAttribute('visibility', 'hidden'); hideTooltip(); });
      host.appendChild(root);
      if (tl.samples > tl.points) {
        host.appendChild(el('p', { class: 'hint', text: fmtCount(tl.samples) + ' samples, drawn as ' + fmtCount(tl.points)
          + ' points (the lowest and highest heap of each time span).' }));
      }
    }
    return { render: render };
  })();

  // ================================================================ sites table

  var sites = (function () {
    var table = document.getElementById('sites-table');
    var tbody = table.querySelector('tbody');
    var allBox = document.getElementById('sites-all');
    var countNote = document.getElementById('sites-count');
    var moreBtn = document.getElementById('sites-more');
    var FIRST_ROWS = 15, MAX_ROWS = 100;
    var KEYS = { allocations: 4, bytes: 5, peak: 6, leaked: 7 };
    var rows = (DATA.sites && DATA.sites.rows) || [];
    var userCount = DATA.sites ? DATA.sites.user : 0;
    var totalCount = DATA.sites ? DATA.sites.total : 0;
    var state = { key: DEFAULT_WEIGHT, desc: true, all: userCount === 0, limit: FIRST_ROWS };
    var open = {};
    allBox.checked = state.all;

    function render() {
      var idx = KEYS[state.key];
      var list = rows.filter(function (r) { return state.all || r[3] === 1; });
      list.sort(function (a, b) {
        var d = state.desc ? b[idx] - a[idx] : a[idx] - b[idx];
        return d !== 0 ? d : b[5] - a[5];
      });
      var shown = list.slice(0, Math.min(state.limit, MAX_ROWS));
      var maxBytes = 0;
      shown.forEach(function (r) { maxBytes = Math.max(maxBytes, r[idx]); });
      clear(tbody);
      if (shown.length === 0) {
        tbody.appendChild(el('tr', null, el('td', { colspan: 6, class: 'empty',
          text: rows.length === 0 ? 'No allocation sites in this recording.' : 'No sites in your code.' })));
      }
      shown.forEach(function (r, i) {
        var key = r[0] + ':' + r[1] + ':' + r[2];
        var fn = str(r[0]) || '??';
        var loc = location(str(r[1]), r[2], true);
        var fnButton = el('button', { type: 'button', class: 'fn-btn', title: fn, 'aria-expanded': open[key] ? 'true' : 'false', text: fn });
        var fnCell = el('td', { class: 'fn-col' }, [
          fnButton,
          el('div', { class: 'loc', title: location(str(r[1]), r[2], false) || '' }, [loc || 'unknown location',
            r[3] === 1 ? null : el('span', { class: 'badge', text: 'not your code' })])
        ]);
        function num(v, bytes, withBar) {
          var cell = el('td', { class: 'num' + (v === 0 ? ' zero' : '') , text: bytes ? fmtBytes(v) : fmtCount(v) });
          if (withBar && maxBytes > 0) {
            cell.appendChild(el('div', { class: 'bar-bg' }, el('i', { style: 'width:' + (100 * v / maxBytes).toFixed(1) + '%' })));
          }
          return cell;
        }
        var tr = el('tr', { class: 'site' + (r[3] === 1 ? ' user' : ' other'), 'data-allocations': r[4], 'data-bytes': r[5],
          'data-peak': r[6], 'data-leaked': r[7] }, [
          el('td', { class: 'rank', text: String(i + 1) }), fnCell,
          num(r[4], false, state.key === 'allocations'), num(r[5], true, state.key === 'bytes'),
          num(r[6], true, state.key === 'peak'), num(r[7], true, state.key === 'leaked')
        ]);
        tbody.appendChild(tr);
        var stackRow = el('tr', { class: 'stack', hidden: !open[key] }, el('td', { colspan: 6 },
          el('ol', null, r[8].map(function (s) { return el('li', { text: str(s) }); }))));
        tbody.appendChild(stackRow);
        fnButton.addEventListener('click', function () {
          open[key] = !open[key];
          stackRow.hidden = !open[key];
          fnButton.setAttribute('aria-expanded', open[key] ? 'true' : 'false');
        });
      });
      table.querySelectorAll('th[aria-sort]').forEach(function (th) {
        var k = th.querySelector('button').getAttribute('data-key');
        th.setAttribute('aria-sort', k === state.key ? (state.desc ? 'descending' : 'ascending') : 'none');
      });
      var more = Math.min(list.length, MAX_ROWS) - shown.length;
      moreBtn.hidden = more <= 0;
      moreBtn.textContent = 'Show ' + fmtCount(more) + ' more';
      var of = state.all ? totalCount : userCount;
      countNote.textContent = 'Showing ' + fmtCount(shown.length) + ' of ' + fmtCount(of) + (state.all ? ' sites' : ' sites in your code')
        + (state.all || totalCount === userCount ? '' : ' (' + fmtCount(totalCount - userCount) + ' more elsewhere)') + '.'
        + (userCount === 0 && totalCount > 0 ? ' No allocation was attributed to your own code, so all sites are shown.' : '');
    }

    table.querySelectorAll('th button[data-key]').forEach(function (b) {
      b.addEventListener('click', function () {
        var k = b.getAttribute('data-key');
        if (state.key === k) { state.desc = !state.desc; } else { state.key = k; state.desc = true; }
        render();
      });
    });
    allBox.addEventListener('change', function () { state.all = allBox.checked; render(); });
    moreBtn.addEventListener('click', function () { state.limit = MAX_ROWS; render(); });
    return { render: render };
  })();

  // ================================================================ trees (shared by the call tree and the flame graph)

  var FIELD = { allocations: 'a', bytes: 'b', temporary: 't', peak: 'p', leaked: 'l' };
  var treeCache = {};
  var nextId = 1;
  var TESTS = DATA.tests || null;
  // what the flame graph and the call tree show: null for the whole run, else { row: test row, tree: its index }
  var view = null;

  /** Decodes [fn, file, line, kind, a, b, t, p, l, lb, children?] into linked objects. */
  function decode(arr, parent, depth) {
    var node = { id: nextId++, fn: str(arr[0]), file: str(arr[1]), line: arr[2], kind: arr[3], a: arr[4], b: arr[5],
      t: arr[6], p: arr[7], l: arr[8], lb: arr[9], parent: parent, depth: depth, children: [] };
    if (node.kind === -1) { node.fn = 'all allocations'; }
    var stack = [[node, arr]];
    while (stack.length) {
      var item = stack.pop(), n = item[0], kids = item[1][10];
      if (!kids) { continue; }
      for (var i = 0; i < kids.length; i++) {
        var k = kids[i];
        var c = { id: nextId++, fn: str(k[0]), file: str(k[1]), line: k[2], kind: k[3], a: k[4], b: k[5], t: k[6], p: k[7],
          l: k[8], lb: k[9], parent: n, depth: n.depth + 1, children: [] };
        n.children.push(c);
        stack.push([c, k]);
      }
    }
    return node;
  }
  /** The trees of what is shown: the run's, or the chosen test's (one tree for every figure when kept whole). */
  function viewTrees() { return view ? TESTS.trees[view.tree] : DATA.trees; }
  function getTree(direction, weight) {
    var key = (view ? 'test' + view.tree : 'run') + '/' + direction + '/' + weight;
    if (!(key in treeCache)) {
      var trees = viewTrees();
      var d = trees && trees[direction];
      var raw = d && (d[weight] || d.all);
      treeCache[key] = raw ? decode(raw, null, 0) : null;
    }
    return treeCache[key];
  }
  /** Nodes of the full (unpruned) tree of what is shown, in this direction. */
  function fullTreeSize(direction) {
    if (view) {
      var t = TESTS.trees[view.tree];
      return direction === 'topDown' ? t.topDownSize : t.bottomUpSize;
    }
    var p = DATA.pruning || {};
    return direction === 'topDown' ? p.topDownSize : p.bottomUpSize;
  }
  function sortedChildren(node, weight) {
    var f = FIELD[weight];
    if (!node.sorted || node.sorted !== weight) {
      node.children.sort(function (x, y) {
        if ((x.kind === 4) !== (y.kind === 4)) { return x.kind === 4 ? 1 : -1; }
        return y[f] - x[f] || y.b - x.b;
      });
      node.sorted = weight;
    }
    return node.children;
  }
  function nodeLabel(n) { return n.fn || '??'; }
  function nodeTooltip(n, weight, rootValue) {
    var f = FIELD[weight];
    var kidsSum = 0;
    n.children.forEach(function (c) { kidsSum += c[f]; });
    var loc = location(n.file, n.line, false);
    return [
      el('div', { class: 't-fn', text: nodeLabel(n) }),
      loc ? el('div', { class: 't-loc', text: loc }) : null,
      figuresTable([
        [WEIGHT_LABEL[weight], fmtBytes(n[f]) + '  (' + fmtPct(n[f], rootValue) + ' of total)'],
        ['self', fmtBytes(Math.max(0, n[f] - kidsSum))],
        ['allocated', fmtBytes(n.b)], ['allocations', fmtCount(n.a)], ['temporary', fmtCount(n.t)],
        ['at peak', fmtBytes(n.p)], ['leaked', fmtBytes(n.l) + (n.lb ? ' in ' + fmtCount(n.lb) + ' blocks' : '')],
        ['kind', n.kind >= 0 ? KIND_NAMES[n.kind] : 'root']
      ])
    ];
  }
  function matches(n, q) {
    if (!q || n.kind === -1) { return false; }
    return (n.fn && n.fn.toLowerCase().indexOf(q) >= 0) || (n.file && n.file.toLowerCase().indexOf(q) >= 0);
  }
  function highlight(text, q) {
    if (!q) { return [text]; }
    var i = text.toLowerCase().indexOf(q);
    if (i < 0) { return [text]; }
    return [text.slice(0, i), el('mark', { text: text.slice(i, i + q.length) }), text.slice(i + q.length)];
  }
  var KIND_COLORS = ['var(--k0)', 'var(--k1)', 'var(--k2)', 'var(--k3)', 'var(--k4)', 'var(--k5)'];

  // ================================================================ call tree

  var callTree = (function () {
    var host = document.getElementById('call-tree');
    var status = document.getElementById('tree-status');
    var search = document.getElementById('tree-search');
    var weightSel = document.getElementById('tree-weight');
    var btnTop = document.getElementById('tree-top-down');
    var btnBottom = document.getElementById('tree-bottom-up');
    var state = { direction: 'topDown', weight: DEFAULT_WEIGHT, query: '', expanded: {}, keep: null };
    weightSel.value = state.weight;
    var root = null, rootValue = 0, list = null;

    function row(n) {
      var f = FIELD[state.weight];
      var kids = visibleChildren(n);
      var expandable = kids.length > 0;
      var isOpen = expandable && !!state.expanded[n.id];
      var li = el('li', { role: 'treeitem', 'aria-level': n.depth + 1, 'data-id': n.id,
        'aria-expanded': expandable ? String(isOpen) : null });
      var name = el('span', { class: 'name', style: 'padding-left:' + Math.min(n.depth, 60) * 14 + 'px' });
      if (expandable) {
        var b = el('button', { type: 'button', class: 'twisty', 'aria-expanded': String(isOpen),
          'aria-label': (isOpen ? 'Collapse ' : 'Expand ') + nodeLabel(n), text: isOpen ? '\u25BE' : '\u25B8' });
        b.addEventListener('click', function (ev) { ev.stopPropagation(); toggle(n, li); });
        b.addEventListener('keydown', function (ev) {
          if (ev.key === 'ArrowRight' && !state.expanded[n.id]) { ev.preventDefault(); toggle(n, li); }
          else if (ev.key === 'ArrowLeft' && state.expanded[n.id]) { ev.preventDefault(); toggle(n, li); }
          else if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') { ev.preventDefault(); moveFocus(b, ev.key === 'ArrowDown' ? 1 : -1); }
        });
        name.appendChild(b);
      } else {
        name.appendChild(el('span', { class: 'spacer' }));
      }
      if (n.kind >= 0) { name.appendChild(el('i', { class: 'chip', style: 'background:' + KIND_COLORS[n.kind] })); }
      var loc = location(n.file, n.line, true);
      name.appendChild(el('span', { class: 'fn', title: nodeLabel(n) }, highlight(nodeLabel(n), state.query)));
      if (loc) {
        name.appendChild(el('span', { class: 'loc', title: location(n.file, n.line, false) }, highlight(loc, state.query)));
      }
      function num(v, bytes) {
        return el('span', { class: 'num' + (v === 0 ? ' zero' : ''), text: bytes ? fmtBytes(v) : fmtCount(v) });
      }
      var share = rootValue > 0 ? n[f] / rootValue : 0;
      var r = el('div', { class: 'row' + (n.kind === -1 ? ' root' : '') + (n.kind === 4 ? ' agg' : '')
        + (state.query && matches(n, state.query) ? ' hit' : '') }, [
        name, num(n.b, true), num(n.a, false), num(n.p, true), num(n.l, true), num(n.t, false),
        el('span', { class: 'barcell' }, [
          el('span', { class: 'bar-bg' }, el('i', { style: 'width:' + (100 * share).toFixed(2) + '%;background:'
            + (n.kind >= 0 ? KIND_COLORS[n.kind] : '#8c96a3') })),
          el('span', { class: 'pct', text: fmtPct(n[f], rootValue) })
        ])
      ]);
      if (expandable) { r.addEventListener('click', function () { toggle(n, li); }); }
      r.addEventListener('mousemove', function (ev) {
        if (ev.target.closest && ev.target.closest('.name')) { showTooltip(nodeTooltip(n, state.weight, rootValue), ev.clientX, ev.clientY); }
        else { hideTooltip(); }
      });
      r.addEventListener('mouseleave', hideTooltip);
      li.appendChild(r);
      if (isOpen) { li.appendChild(group(n)); }
      return li;
    }
    /** While searching, the children on the way to a match; below a match (or off the way) all of them. */
    function visibleChildren(n) {
      var kids = sortedChildren(n, state.weight);
      if (!state.keep) { return kids; }
      var shown = kids.filter(function (c) { return state.keep.has[c.id]; });
      return shown.length ? shown : kids;
    }
    function group(n) {
      var ul = el('ul', { role: 'group' });
      visibleChildren(n).forEach(function (c) { ul.appendChild(row(c)); });
      return ul;
    }
    function toggle(n, li) {
      var isOpen = !state.expanded[n.id];
      state.expanded[n.id] = isOpen;
      var b = li.querySelector(':scope > .row .twisty');
      if (b) {
        b.setAttribute('aria-expanded', String(isOpen));
        b.setAttribute('aria-label', (isOpen ? 'Collapse ' : 'Expand ') + nodeLabel(n));
        b.textContent = isOpen ? '\u25BE' : '\u25B8';
      }
      li.setAttribute('aria-expanded', String(isOpen));
      var existing = li.querySelector(':scope > ul');
      if (existing) { li.removeChild(existing); }
      if (isOpen) { li.appendChild(group(n)); }
    }
    function moveFocus(from, delta) {
      var all = Array.prototype.slice.call(host.querySelectorAll('.twisty'));
      var i = all.indexOf(from) + delta;
      if (i >= 0 && i < all.length) { all[i].focus(); }
    }
    /** Opens the heaviest path while it carries at least 40 % of the total, so the interesting part shows at once. */
    function expandHotPath() {
      var f = FIELD[state.weight];
      var n = root, guard = 0;
      state.expanded = {};
      state.expanded[root.id] = true;
      while (n && guard++ < 40) {
        var kids = sortedChildren(n, state.weight);
        if (!kids.length) { break; }
        var heaviest = kids[0];
        if (heaviest.kind === 4 || heaviest[f] < rootValue * 0.4 || !heaviest.children.length) { break; }
        state.expanded[heaviest.id] = true;
        n = heaviest;
      }
    }
    function header() {
      return el('div', { class: 'tree-head', 'aria-hidden': 'true' }, [
        el('span', { text: state.direction === 'topDown' ? 'Function (callers above callees)' : 'Function (allocating frames first, then their callers)' }),
        el('span', { class: 'num', text: 'Allocated' }), el('span', { class: 'num', text: 'Allocations' }),
        el('span', { class: 'num', text: 'At peak' }), el('span', { class: 'num', text: 'Leaked' }),
        el('span', { class: 'num', text: 'Temporary' }), el('span', { text: 'Share of ' + WEIGHT_LABEL[state.weight] })
      ]);
    }
    function render() {
      clear(host);
      root = getTree(state.direction, state.weight);
      if (!root) {
        host.appendChild(el('p', { class: 'empty', text: 'This recording has no call stacks.' }));
        status.textContent = '';
        return;
      }
      rootValue = root[FIELD[state.weight]];
      host.appendChild(header());
      list = el('ul', { role: 'tree', 'aria-label': 'Call tree' });
      list.appendChild(row(root));
      host.appendChild(list);
      updateStatus();
    }
    function updateStatus() {
      var full = fullTreeSize(state.direction);
      var text = '';
      if (state.keep) {
        text = fmtCount(state.keep.count) + (state.keep.count === 1 ? ' node matches' : ' nodes match') + ' \u201c'
          + search.value.trim() + '\u201d' + (state.keep.count ? '; the paths to them are expanded.' : '.');
      } else if (rootValue === 0) {
        text = 'Nothing ' + WEIGHT_LABEL[state.weight] + (view ? ' during this test.' : ' in this recording.');
      } else {
        text = 'Click a row or its arrow to expand it (arrow keys work on the focused arrow). Hover a function for its figures.';
        if (full > 0) { text += ' ' + fmtCount(full) + ' nodes in the full tree.'; }
      }
      status.textContent = text;
    }
    function runSearch() {
      var q = search.value.trim().toLowerCase();
      state.query = q;
      if (!root) { return 0; }
      if (!q) {
        state.keep = null;
        expandHotPath();
        render();
        flame.highlight('');
        return 0;
      }
      // shown: the root, the matches and everything on the way to them; opened: the way to them
      var keep = { has: {}, count: 0 };
      var ways = {};
      var stack = [root];
      while (stack.length) {
        var n = stack.pop();
        if (matches(n, q)) {
          keep.has[n.id] = true;
          keep.count++;
          for (var a = n.parent; a && !ways[a.id]; a = a.parent) {
            ways[a.id] = true;
            keep.has[a.id] = true;
          }
        }
        for (var i = 0; i < n.children.length; i++) { stack.push(n.children[i]); }
      }
      keep.has[root.id] = true;
      ways[root.id] = true;
      state.keep = keep;
      state.expanded = ways;
      render();
      flame.highlight(q);
      return keep.count;
    }
    var timer = null;
    search.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(runSearch, 150);
    });
    search.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter') { clearTimeout(timer); runSearch(); }
      if (ev.key === 'Escape') { search.value = ''; clearTimeout(timer); runSearch(); }
    });
    function setDirection(d) {
      state.direction = d;
      btnTop.setAttribute('aria-pressed', String(d === 'topDown'));
      btnBottom.setAttribute('aria-pressed', String(d === 'bottomUp'));
      reset();
    }
    function reset() {
      root = getTree(state.direction, state.weight);
      rootValue = root ? root[FIELD[state.weight]] : 0;
      state.keep = null;
      if (root) { expandHotPath(); }
      if (search.value.trim()) { runSearch(); } else { render(); }
    }
    btnTop.addEventListener('click', function () { setDirection('topDown'); });
    btnBottom.addEventListener('click', function () { setDirection('bottomUp'); });
    weightSel.addEventListener('change', function () { state.weight = weightSel.value; reset(); });
    document.getElementById('tree-collapse').addEventListener('click', function () {
      state.expanded = {};
      if (root) { state.expanded[root.id] = true; }
      render();
    });
    return { reset: reset, runSearch: runSearch, host: host };
  })();

  // ================================================================ flame graph

  var flame = (function () {
    var host = document.getElementById('flame-graph');
    var weightSel = document.getElementById('flame-weight');
    var resetBtn = document.getElementById('flame-reset');
    var status = document.getElementById('flame-status');
    var defaultStatus = status.textContent;
    var ROW = 18, MIN_WIDTH = 0.75, CHAR = 6.7;
    var state = { weight: DEFAULT_WEIGHT, zoom: null, query: '' };
    weightSel.value = state.weight;
    var root = null, rootValue = 0;

    function hue(name) {
      var h = 0;
      for (var i = 0; i < name.length; i++) { h = (h * 31 + name.charCodeAt(i)) | 0; }
      return Math.abs(h % 7);
    }
    function render() {
      clear(host);
      hideTooltip();
      root = getTree('topDown', state.weight);
      var f = FIELD[state.weight];
      rootValue = root ? root[f] : 0;
      if (!root || rootValue <= 0) {
        host.appendChild(el('p', { class: 'empty', text: !root ? 'This recording has no call stacks.'
          : 'Nothing ' + WEIGHT_LABEL[state.weight] + ' in this recording.' }));
        resetBtn.disabled = true;
        return;
      }
      var zoom = state.zoom || root;
      var W = widthOf(host, 1000);
      var frames = [];
      // the zoomed node's ancestors, full width
      var chain = [];
      for (var a = zoom; a; a = a.parent) { chain.unshift(a); }
      chain.forEach(function (n, i) { frames.push({ n: n, x: 0, w: W, d: i, dim: n !== zoom }); });
      // the zoomed node's subtree, proportionally
      var base = chain.length - 1, maxDepth = base;
      var zv = zoom[f] || 1;
      var stack = [{ n: zoom, x: 0, w: W, d: base }];
      while (stack.length) {
        var it = stack.pop();
        var x = it.x;
        var kids = sortedChildren(it.n, state.weight);
        for (var i = 0; i < kids.length; i++) {
          var c = kids[i];
          var w = W * c[f] / zv;
          if (w >= MIN_WIDTH) {
            frames.push({ n: c, x: x, w: w, d: it.d + 1, dim: false });
            maxDepth = Math.max(maxDepth, it.d + 1);
            stack.push({ n: c, x: x, w: w, d: it.d + 1 });
          }
          x += w;
        }
      }
      var H = (maxDepth + 1) * ROW + 2;
      var s = svg('svg', { width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'group', 'aria-label': 'Flame graph' });
      frames.forEach(function (fr) {
        var n = fr.n;
        var cls = n.kind === -1 ? 'rootf' : 'k' + n.kind + 'f';
        var shade = n.kind >= 0 && n.kind < 4 ? 0.78 + hue(n.fn || '') * 0.035 : 1;
        var label = n.kind === -1 ? 'all allocations \u2014 ' + fmtBytes(n[f]) + ' ' + WEIGHT_LABEL[state.weight] : nodeLabel(n);
        var chars = Math.floor((fr.w - 8) / CHAR);
        var text = chars < 3 ? '' : label.length <= chars ? label : label.slice(0, chars - 1) + '\u2026';
        var g = svg('g', { class: 'frame' + (fr.dim ? ' dim' : '') + (state.query && matches(n, state.query) ? ' hit' : ''),
          'data-id': n.id, 'data-depth': fr.d, tabindex: fr.w >= 24 ? '0' : null,
          'aria-label': fr.w >= 24 ? label + ', ' + fmtBytes(n[f]) : null }, [
          svg('rect', { x: fr.x.toFixed(2), y: fr.d * ROW, width: Math.max(0.5, fr.w - 0.5).toFixed(2), height: ROW - 1,
            rx: 2, class: cls, 'fill-opacity': shade.toFixed(2) }),
          text ? svg('text', { x: (fr.x + 4).toFixed(2), y: fr.d * ROW + 12.5, text: text }) : null
        ]);
        g.__node = n;
        s.appendChild(g);
      });
      s.addEventListener('click', function (ev) {
        var g = ev.target.closest ? ev.target.closest('.frame') : null;
        if (g && g.__node) { zoomTo(g.__node); }
      });
      s.addEventListener('keydown', function (ev) {
        var g = ev.target.closest ? ev.target.closest('.frame') : null;
        if (g && g.__node && (ev.key === 'Enter' || ev.key === ' ')) { ev.preventDefault(); zoomTo(g.__node); }
      });
      s.addEventListener('mousemove', function (ev) {
        var g = ev.target.closest ? ev.target.closest('.frame') : null;
        if (g && g.__node) { showTooltip(nodeTooltip(g.__node, state.weight, rootValue), ev.clientX, ev.clientY); } else { hideTooltip(); }
      });
      s.addEventListener('mouseleave', hideTooltip);
      host.appendChild(s);
      resetBtn.disabled = !state.zoom;
      status.textContent = state.zoom ? 'Zoomed to ' + nodeLabel(state.zoom) + ': ' + fmtBytes(state.zoom[f]) + ' '
        + WEIGHT_LABEL[state.weight] + ' (' + fmtPct(state.zoom[f], rootValue) + ' of the total). Click the top frame or \u201cReset zoom\u201d to zoom out.'
        : defaultStatus;
    }
    function zoomTo(n) {
      state.zoom = (n === root || n.kind === -1) ? null : n;
      render();
    }
    weightSel.addEventListener('change', function () { state.weight = weightSel.value; state.zoom = null; render(); });
    resetBtn.addEventListener('click', function () { state.zoom = null; render(); });
    return {
      render: render, host: host,
      zoomTo: function (n) { zoomTo(n); },
      highlight: function (q) { state.query = q; if (root) { render(); } },
      reset: function () { state.zoom = null; render(); }
    };
  })();

  // ================================================================ tests (a run split per test: JVM mode)

  var tests = (function () {
    var table = document.getElementById('tests-table');
    if (!TESTS || !table) { return null; }
    var tbody = table.querySelector('tbody');
    var filter = document.getElementById('tests-filter');
    var countNote = document.getElementById('tests-count');
    var moreBtn = document.getElementById('tests-more');
    var FIRST_ROWS = 25, MORE_ROWS = 200;
    var KEYS = { allocations: 2, bytes: 3, peak: 4, leaked: 5, blocks: 6 };
    var SPECIAL = [null, 'made while no test ran: class set-up, static initialisers, the library\u2019s loading',
      'made while several tests ran at once: the recording cannot tell which of them made these'];
    var rows = TESTS.rows.map(function (r, i) { return { r: r, i: i, name: str(r[0]) || '' }; });
    var state = { key: 'leaked', desc: true, limit: FIRST_ROWS, query: '' };

    function compare(a, b) {
      if (state.key === 'name') {
        var c = a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
        return state.desc ? -c : c;
      }
      var idx = KEYS[state.key];
      var x = a.r[idx] == null ? -1 : a.r[idx], y = b.r[idx] == null ? -1 : b.r[idx];
      var d = state.desc ? y - x : x - y;
      // ties: the table's first order (most leaked, then most allocated, then by name)
      return d !== 0 ? d : a.i - b.i;
    }
    function siteText(site) {
      var loc = location(str(site[1]), site[2], true);
      return (str(site[0]) || '??') + (loc ? ' (' + loc + ')' : '')
        + (str(site[5]) ? ' \u2190 ' + str(site[5]) : '');
    }
    function render() {
      var q = state.query;
      var list = rows.filter(function (t) { return !q || t.name.toLowerCase().indexOf(q) >= 0; });
      list.sort(compare);
      var shown = list.slice(0, state.limit);
      clear(tbody);
      if (shown.length === 0) {
        tbody.appendChild(el('tr', null, el('td', { colspan: 7, class: 'empty', text: rows.length === 0
          ? 'No test made an allocation of the library.' : 'No test matches \u201c' + filter.value.trim() + '\u201d.' })));
      }
      shown.forEach(function (t, k) {
        var r = t.r, special = r[1];
        var current = view && view.row === t.i;
        var hasTree = r[7] >= 0;
        var btn = el('button', { type: 'button', class: 'fn-btn test-btn', title: hasTree ? 'Show the flame graph and'
          + ' call tree of ' + t.name : 'This test\u2019s call tree is not in the page (size limit)', disabled: !hasTree,
          'aria-pressed': current ? 'true' : 'false', text: t.name });
        var top = r[8].length ? r[8][0] : null;
        var note = special ? SPECIAL[special] : top ? (top[3] > 0 ? 'leaked at ' : 'most at ') + siteText(top) : null;
        var cell = el('td', { class: 'fn-col' }, [btn, note ? el('div', { class: 'loc', title: note, text: note }) : null]);
        function num(v, bytes) {
          return el('td', { class: 'num' + (v === 0 ? ' zero' : ''), text: bytes ? fmtBytes(v) : fmtCount(v) });
        }
        var tr = el('tr', { class: 'test' + (special ? ' special' : '') + (r[5] > 0 ? ' leaking' : '')
          + (current ? ' current' : ''), 'data-index': t.i, 'data-allocations': r[2], 'data-bytes': r[3],
          'data-peak': r[4] == null ? '' : r[4], 'data-leaked': r[5], 'data-blocks': r[6],
          'aria-current': current ? 'true' : null }, [
          el('td', { class: 'rank', text: String(k + 1) }), cell,
          num(r[2], false), num(r[3], true), num(r[4], true), num(r[5], true), num(r[6], false)
        ]);
        if (hasTree) { btn.addEventListener('click', function () { show(t.i); }); }
        tbody.appendChild(tr);
      });
      table.querySelectorAll('th[aria-sort]').forEach(function (th) {
        var k = th.querySelector('button').getAttribute('data-key');
        th.setAttribute('aria-sort', k === state.key ? (state.desc ? 'descending' : 'ascending') : 'none');
      });
      var more = list.length - shown.length;
      moreBtn.hidden = more <= 0;
      moreBtn.textContent = 'Show ' + fmtCount(Math.min(more, MORE_ROWS)) + ' more';
      var special = rows.filter(function (t) { return t.r[1] !== 0; }).length;
      var measured = rows.length - special;
      var leaking = rows.filter(function (t) { return t.r[1] === 0 && t.r[5] > 0; }).length;
      countNote.textContent = 'Showing ' + fmtCount(shown.length) + ' of ' + fmtCount(list.length) + '. '
        + fmtCount(leaking) + ' of ' + fmtCount(measured) + (measured === 1 ? ' test' : ' tests') + ' leaked.'
        + (TESTS.total > rows.length ? ' The page lists the first ' + fmtCount(rows.length) + ' of '
          + fmtCount(TESTS.total) + ' entries; the summary has them all.' : '')
        + (TESTS.trees.length < rows.length ? ' Call trees for the first ' + fmtCount(TESTS.trees.length)
          + ' (the page\u2019s size limit).' : '');
    }
    /** Shows one test's flame graph and call tree (or, with null, the whole run's again). */
    function show(index) {
      var r = index == null ? null : TESTS.rows[index];
      view = r && r[7] >= 0 ? { row: index, tree: r[7], name: str(r[0]) } : null;
      ['tree-view', 'flame-view'].forEach(function (id) {
        var banner = document.getElementById(id);
        banner.hidden = !view;
        clear(banner.querySelector('.view-name'));
        if (view) {
          append(banner.querySelector('.view-name'), ['Showing the library\u2019s allocations during ',
            el('strong', { text: view.name }), ' only.']);
        }
      });
      render();
      callTree.reset();
      flame.reset();
      if (view) {
        var head = document.getElementById('flame-title');
        if (head.scrollIntoView) { head.scrollIntoView(); }
      }
    }
    table.querySelectorAll('th button[data-key]').forEach(function (b) {
      b.addEventListener('click', function () {
        var k = b.getAttribute('data-key');
        if (state.key === k) { state.desc = !state.desc; } else { state.key = k; state.desc = k !== 'name'; }
        render();
      });
    });
    var timer = null;
    function applyFilter() {
      clearTimeout(timer);
      state.query = filter.value.trim().toLowerCase();
      state.limit = FIRST_ROWS;
      render();
    }
    filter.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(applyFilter, 150);
    });
    filter.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter') { applyFilter(); }
      if (ev.key === 'Escape') { filter.value = ''; applyFilter(); }
    });
    moreBtn.addEventListener('click', function () { state.limit += MORE_ROWS; render(); });
    ['tree-whole-run', 'flame-whole-run'].forEach(function (id) {
      document.getElementById(id).addEventListener('click', function () { show(null); });
    });
    return { render: render, show: show };
  })();

  // ================================================================ start

  function renderAll() {
    try { chart.render(); } catch (e) { errors.push('chart: ' + e); }
    try { sites.render(); } catch (e) { errors.push('sites: ' + e); }
    try { callTree.reset(); } catch (e) { errors.push('tree: ' + e); }
    try { flame.render(); } catch (e) { errors.push('flame: ' + e); }
    try { if (tests) { tests.render(); } } catch (e) { errors.push('tests: ' + e); }
  }
  renderAll();
  var resizeTimer = null;
  var lastWidth = window.innerWidth;
  window.addEventListener('resize', function () {
    if (window.innerWidth === lastWidth) { return; }
    lastWidth = window.innerWidth;
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () { chart.render(); flame.render(); }, 150);
  });

  // ================================================================ self-test (only with #selftest in the URL)

  function selftest() {
    var r = {};
    function visibleItems() {
      return Array.prototype.filter.call(callTree.host.querySelectorAll('[role=treeitem]'), function (li) {
        return li.offsetParent !== null;
      }).length;
    }
    try {
      var line = document.querySelector('#heap-chart svg .heap-line');
      r.chart = !!line && (line.getAttribute('d') || '').length > 10;
      r.chartPeak = !!document.querySelector('#heap-chart .peak-marker circle');
      r.chartRss = !!document.querySelector('#heap-chart .rss-line');
      r.headlineCards = document.querySelectorAll('#headline .card').length;

      r.siteRows = document.querySelectorAll('#sites-table tbody tr.site').length;
      var sortBtn = document.querySelector('#sites-table th button[data-key=allocations]');
      sortBtn.click();
      var counts = Array.prototype.map.call(document.querySelectorAll('#sites-table tbody tr.site'), function (tr) {
        return Number(tr.getAttribute('data-allocations'));
      });
      r.sitesSorted = counts.length > 0 && counts.every(function (v, i) { return i === 0 || counts[i - 1] >= v; })
        && sortBtn.parentNode.getAttribute('aria-sort') === 'descending';
      document.querySelector('#sites-table th button[data-key=bytes]').click();
      var allBox = document.getElementById('sites-all');
      var userRows = r.siteRows;
      allBox.click();
      r.siteRowsAll = document.querySelectorAll('#sites-table tbody tr.site').length;
      r.sitesToggle = r.siteRowsAll >= userRows;
      allBox.click();

      r.treeRows = visibleItems();
      var before = r.treeRows;
      var twisty = callTree.host.querySelector('.twisty[aria-expanded=false]');
      if (twisty) {
        var li = twisty.closest('li');
        twisty.click();
        var group = li.querySelector(':scope > ul[role=group]');
        r.treeExpanded = twisty.getAttribute('aria-expanded') === 'true' && !!group && group.children.length > 0
          && group.offsetParent !== null && visibleItems() > before;
        r.treeRowsAfterExpand = visibleItems();
        twisty.click();
        r.treeCollapsed = twisty.getAttribute('aria-expanded') === 'false' && visibleItems() === before;
      } else {
        r.treeExpanded = false;
      }

      // search for a function deep in the tree: its callers must open up
      var tree = getTree('topDown', 'bytes');
      var deepest = null;
      var st = tree ? [tree] : [];
      while (st.length) {
        var n = st.pop();
        if (n.kind === 0 && (!deepest || n.depth > deepest.depth)) { deepest = n; }
        n.children.forEach(function (c) { st.push(c); });
      }
      if (deepest) {
        var search = document.getElementById('tree-search');
        search.value = deepest.fn;
        r.searchMatches = callTree.runSearch();
        var hits = callTree.host.querySelectorAll('.row.hit');
        r.search = r.searchMatches > 0 && hits.length > 0 && hits[0].offsetParent !== null
          && !!callTree.host.querySelector('.row.hit mark');
        r.flameSearchHits = flame.host.querySelectorAll('.frame.hit').length;
        search.value = '';
        callTree.runSearch();
      }

      document.getElementById('tree-bottom-up').click();
      r.bottomUpRows = visibleItems();
      document.getElementById('tree-top-down').click();

      var frames = flame.host.querySelectorAll('.frame');
      r.flameFrames = frames.length;
      var svgEl = flame.host.querySelector('svg');
      var full = svgEl ? Number(svgEl.getAttribute('width')) : 0;
      var target = null;
      Array.prototype.forEach.call(frames, function (g) {
        var w = Number(g.querySelector('rect').getAttribute('width'));
        if (!target && Number(g.getAttribute('data-depth')) >= 1 && w < full * 0.9 && g.__node.children.length) { target = g; }
      });
      if (!target) {
        Array.prototype.forEach.call(frames, function (g) {
          if (!target && Number(g.getAttribute('data-depth')) >= 1) { target = g; }
        });
      }
      if (target) {
        var id = target.getAttribute('data-id');
        target.querySelector('rect').dispatchEvent(new MouseEvent('click', { bubbles: true }));
        var zoomed = flame.host.querySelector('.frame[data-id="' + id + '"] rect');
        r.flameZoom = !!zoomed && Math.abs(Number(zoomed.getAttribute('width')) - full) < 1.5
          && !document.getElementById('flame-reset').disabled;
        var top = flame.host.querySelector('.frame[data-depth="0"] rect');
        top.dispatchEvent(new MouseEvent('click', { bubbles: true }));
        r.flameReset = document.getElementById('flame-reset').disabled;
      } else {
        r.flameZoom = false;
      }
      var fw = document.getElementById('flame-weight');
      fw.value = 'peak';
      fw.dispatchEvent(new Event('change'));
      r.flamePeakFrames = flame.host.querySelectorAll('.frame').length;
      fw.value = 'bytes';
      fw.dispatchEvent(new Event('change'));

      if (tests) { selftestTests(r, visibleItems); }
    } catch (e) {
      errors.push('selftest: ' + (e && e.stack ? e.stack : e));
    }
    r.errors = errors.slice();
    r.ok = !!(r.chart && r.chartPeak && r.siteRows > 0 && r.treeExpanded && r.flameFrames > 0 && r.flameZoom
      && r.errors.length === 0);
    var pre = document.getElementById('selftest-result');
    pre.textContent = JSON.stringify(r);
    pre.hidden = false;
  }
  /** The tests' table: sorting, then a click on a test switches the views to it, and back to the whole run. */
  function selftestTests(r, visibleItems) {
    function rowsOf() { return Array.prototype.slice.call(document.querySelectorAll('#tests-table tbody tr.test')); }
    r.testRows = rowsOf().length;
    document.querySelector('#tests-table th button[data-key=allocations]').click();
    var counts = rowsOf().map(function (tr) { return Number(tr.getAttribute('data-allocations')); });
    r.testsSorted = counts.length > 0 && counts.every(function (v, i) { return i === 0 || counts[i - 1] >= v; });
    document.querySelector('#tests-table th button[data-key=leaked]').click();
    var leaked = rowsOf().map(function (tr) { return Number(tr.getAttribute('data-leaked')); });
    r.testsSortedByLeaked = leaked.every(function (v, i) { return i === 0 || leaked[i - 1] >= v; });

    var runBytes = getTree('topDown', 'bytes').b;
    var btn = document.querySelector('#tests-table tbody tr.test .test-btn:not([disabled])');
    var tr = btn.closest('tr');
    var expected = Number(tr.getAttribute('data-bytes'));
    r.testClicked = btn.textContent;
    btn.click();
    var testRoot = getTree('topDown', 'bytes');
    var rootRow = callTree.host.querySelector('.row.root');
    var current = document.querySelector('#tests-table tbody tr.test.current');
    r.testView = !!testRoot && testRoot.b === expected && !document.getElementById('tree-view').hidden
      && !document.getElementById('flame-view').hidden && !!rootRow
      && rootRow.querySelector('.num').textContent === fmtBytes(expected)
      && !!current && current.getAttribute('data-index') === tr.getAttribute('data-index')
      && document.getElementById('tree-view').textContent.indexOf(r.testClicked) >= 0;
    r.testTreeRows = visibleItems();
    r.testFlameFrames = flame.host.querySelectorAll('.frame').length;
    document.getElementById('tree-bottom-up').click();
    r.testBottomUpRows = visibleItems();
    document.getElementById('tree-top-down').click();

    document.getElementById('tree-whole-run').click();
    r.testBack = getTree('topDown', 'bytes').b === runBytes && document.getElementById('tree-view').hidden
      && document.getElementById('flame-view').hidden && !document.querySelector('#tests-table tbody tr.test.current');

    var filter = document.getElementById('tests-filter');
    filter.value = r.testClicked;
    filter.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
    var names = rowsOf().map(function (row) { return row.querySelector('.test-btn').textContent; });
    r.testsFiltered = names.length >= 1 && names.length < r.testRows
      && names.every(function (n) { return n.indexOf(r.testClicked) >= 0; });
    filter.value = '';
    filter.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter' }));
  }

  if (window.location.hash === '#selftest') { selftest(); }
})();
