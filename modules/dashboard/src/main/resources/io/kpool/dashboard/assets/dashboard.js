// kpool dashboard: follows /dashboard/events (Server-Sent Events) and draws what it is sent.
// Plain DOM and SVG, no library; every text from the pool goes in as text, never as markup.
'use strict';

(function () {
  const SVG = 'http://www.w3.org/2000/svg';
  const STATE_LABEL = {
    running: 'running', starting: 'starting', crashed: 'crashed', restarting: 'restarting',
    stopping: 'stopping', stopped: 'stopped', gave_up: 'given up', unknown: 'unknown', silent: 'silent'
  };
  const EVENT_LABEL = {
    worker_started: 'started', worker_crashed: 'crashed', worker_restarted: 'restarted',
    worker_stopped: 'stopped', worker_gave_up: 'gave up', supervisor_started: 'supervisor up',
    supervisor_stopped: 'supervisor down', supervisor_gave_up: 'supervisor gave up',
    job_dead_lettered: 'dead letter', tasks_rerouted: 'rerouted', cancel_refused: 'cancel refused'
  };
  const HEARTBEAT_LATE_MS = 1500;
  const HEARTBEAT_SILENT_MS = 3000;
  const CRASH_FRESH_MS = 60000;

  const byId = (id) => document.getElementById(id);

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function setText(e, text) {
    const t = text === undefined || text === null ? '' : String(text);
    if (e.textContent !== t) e.textContent = t;
  }
  function setClass(e, cls) {
    if (e.className !== cls) e.className = cls;
  }
  function setAttr(e, name, value) {
    const v = String(value);
    if (e.getAttribute(name) !== v) e.setAttribute(name, v);
  }
  const pad = (n, w) => String(n).padStart(w, '0');
  function clockTime(at, millis) {
    const d = new Date(at);
    const hms = pad(d.getHours(), 2) + ':' + pad(d.getMinutes(), 2) + ':' + pad(d.getSeconds(), 2);
    return millis ? hms + '.' + pad(d.getMilliseconds(), 3) : hms;
  }
  function count(n) {
    return n === undefined || n === null ? '–' : Math.round(n).toLocaleString('en-US');
  }
  function age(ms) {
    if (ms === undefined || ms === null) return '–';
    if (ms < 1000) return ms + ' ms';
    if (ms < 60000) return (ms / 1000).toFixed(1) + ' s';
    if (ms < 3600000) return Math.floor(ms / 60000) + 'm ' + Math.floor(ms % 60000 / 1000) + 's';
    return Math.floor(ms / 3600000) + 'h ' + Math.floor(ms % 3600000 / 60000) + 'm';
  }
  function millis(ms) {
    if (ms === undefined || ms === null) return '–';
    return ms < 10000 ? count(ms) + ' ms' : (ms / 1000).toFixed(1) + ' s';
  }
  function span(ms) {
    return ms % 60000 === 0 ? ms / 60000 + ' min' : ms / 1000 + ' s';
  }

  // ---- header and totals ------------------------------------------------------------------

  function renderTop(state) {
    setText(byId('pool'), state.prefix + ' @ ' + state.bootstrap);
    setText(byId('clock'), clockTime(state.at, false));
    const trouble = byId('trouble');
    trouble.hidden = !state.trouble;
    setText(trouble, state.trouble ? 'The dashboard cannot read the pool now: ' + state.trouble : '');
    const t = state.totals;
    setText(byId('t-workers'), count(t.workers));
    setText(byId('t-running'), count(t.running));
    setText(byId('t-crashed'), count(t.crashed));
    setText(byId('t-restarting'), count(t.restarting));
    setText(byId('t-gaveup'), count(t.gaveUp));
    setText(byId('t-restarts'), count(t.restarts));
    setText(byId('t-inflight'), count(t.inFlight));
    setText(byId('t-rate'), t.perSecond >= 100 ? count(t.perSecond) : t.perSecond.toFixed(1));
    setText(byId('t-latency'), t.p50 === undefined ? '–' : millis(t.p50) + ' · ' + millis(t.p99));
    setText(byId('t-results'), count(t.results));
    setText(byId('t-deadletters'), count(t.deadLetters));
    byId('t-crashed').parentElement.classList.toggle('lit', t.crashed > 0);
    byId('t-restarting').parentElement.classList.toggle('lit', t.restarting > 0);
    byId('t-gaveup').parentElement.classList.toggle('lit', t.gaveUp > 0);
    byId('t-deadletters').parentElement.classList.toggle('lit', t.deadLetters > 0);
    document.title = (t.crashed > 0 ? '✖ ' + t.crashed + ' crashed · ' : '') + 'kpool ' + state.prefix;
  }

  // ---- supervision tree -------------------------------------------------------------------

  const supervisors = new Map(); // name -> {body, head}
  const workers = new Map();     // slot -> {row, cells}
  const COLUMNS = ['slot', 'state', 'pid', 'inc', 'restarts', 'over', 'processed', 'inflight', 'job', 'heartbeat', 'crash'];
  const CELL_CLASS = {
    slot: 'slot', pid: 'num mono', inc: 'num', processed: 'num', inflight: 'num', job: 'mono job', heartbeat: 'num'
  };

  function supervisorBranch(name) {
    let s = supervisors.get(name);
    if (!s) {
      const body = el('tbody', 'supervisor');
      const row = el('tr', 'sup');
      const cell = el('td');
      cell.colSpan = COLUMNS.length;
      const head = {
        state: el('span', 'st'), name: el('span', 'name'), where: el('span', 'meta'),
        slots: el('span', 'meta'), intensity: el('span', 'meta'), heard: el('span', 'meta')
      };
      cell.append(head.state, ' ', el('span', 'meta-first', 'supervisor '), head.name, head.where, head.slots,
        head.intensity, head.heard);
      row.append(cell);
      body.append(row);
      s = { body: body, head: head };
      supervisors.set(name, s);
    }
    return s;
  }

  function workerRow(slot) {
    let w = workers.get(slot);
    if (!w) {
      const row = el('tr', 'worker');
      row.id = 'slot-' + slot;
      row.dataset.slot = slot;
      const cells = {};
      for (const c of COLUMNS) {
        cells[c] = el('td', CELL_CLASS[c] || c);
        row.append(cells[c]);
      }
      cells.branch = el('span', 'branch');
      cells.slotNo = el('span');
      cells.slot.append(cells.branch, cells.slotNo);
      cells.badge = el('span', 'st');
      cells.next = el('span', 'next');
      cells.state.append(cells.badge, cells.next);
      cells.restartText = el('span');
      cells.window = el('span', 'win');
      cells.windowFill = el('i');
      cells.window.append(cells.windowFill);
      cells.restarts.append(cells.restartText, cells.window);
      w = { row: row, cells: cells };
      workers.set(slot, w);
    }
    return w;
  }

  function renderTree(state) {
    const table = byId('tree');
    const seenSupervisors = new Set();
    const seenSlots = new Set();
    let position = 1; // after <thead>
    for (const sup of state.supervisors) {
      seenSupervisors.add(sup.name);
      const branch = supervisorBranch(sup.name);
      if (table.children[position] !== branch.body) table.insertBefore(branch.body, table.children[position] || null);
      position++;
      const h = branch.head;
      setText(h.state, STATE_LABEL[sup.state] || sup.state);
      setClass(h.state, 'st st-' + sup.state);
      setText(h.name, sup.name);
      setText(h.where, 'on ' + sup.host + (sup.pid ? ' (pid ' + sup.pid + ')' : ''));
      setText(h.slots, 'slots ' + sup.slots);
      setText(h.intensity, 'intensity: at most ' + sup.maxRestarts + ' restarts in ' + span(sup.withinMs));
      setText(h.heard, (sup.state === 'silent' ? 'SILENT for ' : 'heard from ') + age(sup.heardAgoMs) +
        (sup.state === 'silent' ? ' (gone?)' : ' ago'));
      branch.body.classList.toggle('silent', sup.state !== 'running');
      sup.workers.forEach((w, i) => {
        seenSlots.add(w.workerId);
        const r = workerRow(w.workerId);
        const at = i + 1; // after the supervisor's own row
        if (branch.body.children[at] !== r.row) branch.body.insertBefore(r.row, branch.body.children[at] || null);
        renderWorker(r, w, i === sup.workers.length - 1, state.at);
      });
    }
    for (const [name, s] of supervisors) {
      if (!seenSupervisors.has(name)) { s.body.remove(); supervisors.delete(name); }
    }
    for (const [slot, w] of workers) {
      if (!seenSlots.has(slot)) { w.row.remove(); workers.delete(slot); }
    }
    byId('tree-empty').hidden = state.supervisors.length > 0;
  }

  function renderWorker(r, w, last, now) {
    const c = r.cells;
    setClass(r.row, 'worker s-' + w.display);
    setAttr(r.row, 'data-state', w.display);
    setAttr(r.row, 'data-pid', w.pid === undefined ? '' : w.pid);
    setAttr(r.row, 'data-incarnation', w.incarnation);
    setText(c.branch, last ? '└─ ' : '├─ ');
    setText(c.slotNo, w.workerId);
    setText(c.badge, STATE_LABEL[w.display] || w.display);
    setClass(c.badge, 'st st-' + w.display);
    c.badge.title = 'its supervisor says: ' + w.state + (w.alive ? ' (takes jobs)' : ' (takes no jobs)');
    // a crashed row also says what its supervisor is doing about it
    setText(c.next, w.display === 'crashed' && w.state !== 'running' ? (STATE_LABEL[w.state] || w.state) + '…' : '');
    setText(c.pid, w.pid === undefined ? '–' : w.pid);
    setText(c.inc, w.incarnation);
    setText(c.restartText, w.restarts + ' · ' + w.recentRestarts + '/' + w.maxRestarts + ' in ' + span(w.withinMs));
    const fill = w.maxRestarts > 0 ? Math.min(1, w.recentRestarts / w.maxRestarts) : (w.recentRestarts > 0 ? 1 : 0);
    c.windowFill.style.width = Math.round(fill * 100) + '%';
    setClass(c.window, 'win' + (w.overLimit ? ' over' : fill >= 0.7 ? ' high' : ''));
    setText(c.over, w.overLimit ? 'yes' : 'no');
    setClass(c.over, 'over ' + (w.overLimit ? 'yes' : 'no'));
    setText(c.processed, count(w.processed));
    setText(c.inflight, count(w.inFlight));
    setText(c.job, w.currentJob === undefined ? '' : w.currentJob + (w.busyMs >= 1000 ? ' (' + age(w.busyMs) + ')' : ''));
    c.job.title = w.currentJob || '';
    setText(c.heartbeat, w.heartbeatAgeMs === undefined ? '–' : age(w.heartbeatAgeMs));
    setClass(c.heartbeat, 'num' + (w.heartbeatAgeMs === undefined ? ''
      : w.heartbeatAgeMs > HEARTBEAT_SILENT_MS ? ' age-bad' : w.heartbeatAgeMs > HEARTBEAT_LATE_MS ? ' age-warn' : ''));
    if (w.lastCrash) {
      const k = w.lastCrash;
      const ago = Math.max(0, now - k.at);
      setText(c.crash, k.how + ', ' + age(ago) + ' ago (inc ' + k.incarnation + ', pid ' + k.pid + ')' +
        (k.jobId ? ' on job ' + k.jobId : ''));
      setClass(c.crash, 'crash' + (ago > CRASH_FRESH_MS && w.display !== 'crashed' ? ' old' : ''));
    } else {
      setText(c.crash, w.lastExit ? 'previous: ' + w.lastExit : '');
      setClass(c.crash, 'crash old');
    }
  }

  // ---- charts -----------------------------------------------------------------------------

  const charts = {};

  // The smallest of 1, 2, 5, 10, 20, 50, ... at or above v: a step that labels read well in.
  function niceStep(v) {
    if (v <= 1) return 1;
    const p = Math.pow(10, Math.floor(Math.log10(v)));
    for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
    return 10 * p;
  }

  function svg(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    for (const k in attrs) e.setAttribute(k, attrs[k]);
    return e;
  }

  function path(values, x, y) {
    let d = '';
    let open = false;
    values.forEach((v, i) => {
      if (v === null || v === undefined) { open = false; return; }
      d += (open ? 'L' : 'M') + x(i).toFixed(1) + ' ' + y(v).toFixed(1);
      open = true;
    });
    return d;
  }

  // A linear scale from 0 to a round ceiling.
  // A linear scale from 0 in four whole steps.
  function linearScale(highest) {
    const step = niceStep(highest / 4);
    return { at: (v) => v / (4 * step), ticks: [0, 1, 2, 3, 4].map((k) => step * k) };
  }

  // A log scale over whole powers of ten, from 1 up: latencies of 2 ms and of 20 s on one chart.
  function logScale(highest) {
    const top = Math.max(2, Math.ceil(Math.log10(Math.max(1, highest)) + 0.0001));
    const ticks = [];
    for (let p = 0; p <= top; p++) ticks.push(Math.pow(10, p));
    return { at: (v) => Math.log10(Math.max(1, v)) / top, ticks: ticks };
  }

  // lines: [{values, cls, area}]; format: an axis label for a value
  function drawChart(id, series, lines, scaleOf, format) {
    const box = byId(id);
    const width = Math.max(200, box.clientWidth);
    const height = Math.max(100, box.clientHeight);
    const left = 46, right = 8, top = 8, bottom = 18;
    const n = series.results.length;
    let highest = 0;
    for (const l of lines) for (const v of l.values) if (v !== null && v !== undefined && v > highest) highest = v;
    const scale = scaleOf(highest);
    const x = (i) => left + (n <= 1 ? 0 : i * (width - left - right) / (n - 1));
    const y = (v) => top + (height - top - bottom) * (1 - scale.at(v));
    const parts = [];
    scale.ticks.forEach((v, k) => {
      parts.push(svg('line', { x1: left, x2: width - right, y1: y(v), y2: y(v), class: k === 0 ? 'axis' : 'grid' }));
      const label = svg('text', { x: left - 4, y: y(v) + 3, 'text-anchor': 'end' });
      label.textContent = format(v);
      parts.push(label);
    });
    for (let s = 0; s < n; s += 60) { // a tick a minute, from the right
      const i = n - 1 - s;
      const label = svg('text', { x: x(i), y: height - 5, 'text-anchor': s === 0 ? 'end' : 'middle' });
      label.textContent = s === 0 ? 'now' : '-' + (s / 60) + 'm';
      parts.push(label);
      if (s > 0) parts.push(svg('line', { x1: x(i), x2: x(i), y1: top, y2: height - bottom, class: 'grid' }));
    }
    const base = y(scale.ticks[0]);
    for (const l of lines) {
      const d = path(l.values, x, y);
      if (!d) continue;
      if (l.area) {
        const area = d.split('M').filter(Boolean).map((seg) => {
          const pts = seg.split('L');
          const first = pts[0].split(' ')[0];
          const lastX = pts[pts.length - 1].split(' ')[0];
          return 'M' + first + ' ' + base + 'L' + seg + 'L' + lastX + ' ' + base + 'Z';
        }).join('');
        parts.push(svg('path', { d: area, class: l.cls + '-area' }));
      }
      parts.push(svg('path', { d: d, class: l.cls }));
    }
    if (highest === 0) {
      const none = svg('text', { x: (left + width) / 2, y: (top + height - bottom) / 2, 'text-anchor': 'middle', class: 'none' });
      none.textContent = 'no results in the last ' + span(n * 1000);
      parts.push(none);
    }
    const cursor = svg('line', { class: 'cursor', y1: top, y2: height - bottom, x1: -10, x2: -10 });
    parts.push(cursor);
    box.replaceChildren(...parts);
    charts[id] = { series: series, x0: left, x1: width - right, n: n, cursor: cursor };
  }

  function hover(id, readoutId, describe) {
    const box = byId(id);
    box.addEventListener('mousemove', (ev) => {
      const c = charts[id];
      if (!c || c.n === 0) return;
      const rect = box.getBoundingClientRect();
      const px = ev.clientX - rect.left;
      const i = Math.max(0, Math.min(c.n - 1, Math.round((px - c.x0) / (c.x1 - c.x0) * (c.n - 1))));
      const cx = c.x0 + (c.n <= 1 ? 0 : i * (c.x1 - c.x0) / (c.n - 1));
      c.cursor.setAttribute('x1', cx);
      c.cursor.setAttribute('x2', cx);
      const second = c.series.lastSecond - (c.n - 1 - i);
      setText(byId(readoutId), clockTime(second * 1000, false) + '  ' + describe(c.series, i));
    });
    box.addEventListener('mouseleave', () => {
      const c = charts[id];
      if (c) { c.cursor.setAttribute('x1', -10); c.cursor.setAttribute('x2', -10); }
      setText(byId(readoutId), '');
    });
  }

  function renderCharts(state) {
    const s = state.series;
    drawChart('chart-rate', s, [{ values: s.results, cls: 'rate', area: true }], linearScale, (v) => count(v));
    drawChart('chart-latency', s, [
      { values: s.max, cls: 'max' }, { values: s.p99, cls: 'p99' }, { values: s.p50, cls: 'p50' }
    ], logScale, (v) => v >= 1000 ? (v / 1000) + ' s' : v + ' ms');
  }

  // ---- events and dead letters ------------------------------------------------------------

  let keptEvents = 200;
  let keptDeadLetters = 50;

  function eventItem(e, fresh) {
    const li = el('li', fresh ? 'fresh' : '');
    li.dataset.type = e.type;
    li.append(el('span', 't', clockTime(e.at, true)), el('span', 'ev ev-' + e.type, EVENT_LABEL[e.type] || e.type),
      el('span', 'text', e.text));
    return li;
  }

  function deadLetterItem(d, fresh) {
    const li = el('li', fresh ? 'fresh' : '');
    const head = el('div', 'dl-head');
    head.append(el('span', 't', clockTime(d.at, true)), el('span', 'job', d.jobId === undefined ? '(no id)' : d.jobId),
      el('span', 'reason r-' + d.reason, d.reason));
    if (d.evidence) head.append(el('span', 'meta', 'worker ' + d.evidence.workerId));
    li.append(head);
    if (d.detail) li.append(el('div', 'dl-detail', d.detail));
    if (d.evidence && d.evidence.crashes && d.evidence.crashes.length) {
      const crashes = d.evidence.crashes;
      const evidence = el('div', 'evidence');
      evidence.append(el('div', 'evidence-title', crashes.length + ' crash' + (crashes.length === 1 ? '' : 'es') +
        ' of worker ' + d.evidence.workerId + ':'));
      for (const k of crashes) {
        const how = k.signal ? 'SIG' + k.signal : 'exit ' + k.exitCode;
        const tail = k.stderrTail || [];
        const line = el('div', 'crash-line');
        line.append(el('span', 't', clockTime(k.at, true)), ' incarnation ' + k.incarnation + ', pid ' + k.pid + ': ',
          el('b', null, how));
        const said = headline(tail);
        if (said) line.append(el('div', 'said', said));
        evidence.append(line);
        if (tail.length) {
          const more = el('details', 'stderr');
          more.append(el('summary', null, 'its last ' + tail.length + ' line' + (tail.length === 1 ? '' : 's') + ' of output'),
            el('pre', null, tail.join('\n')));
          evidence.append(more);
        }
      }
      li.append(evidence);
    }
    if (d.raw !== undefined) li.append(el('div', 'dl-raw', 'raw: ' + d.raw));
    if (d.origin) li.append(el('div', 'dl-origin', 'from ' + d.origin));
    return li;
  }

  // What a crashed worker last said that explains it: its "crashed:" line, else the last exception, else
  // its last line that is not a stack frame.
  function headline(lines) {
    const frame = /^\s+(at |\.\.\. )/;
    for (let i = lines.length - 1; i >= 0; i--) if (lines[i].includes('crashed:')) return lines[i];
    for (let i = lines.length - 1; i >= 0; i--) {
      if (/^(Caused by: )?[\w.$]+(Exception|Error)(:|$)/.test(lines[i])) return lines[i];
    }
    for (let i = lines.length - 1; i >= 0; i--) if (!frame.test(lines[i]) && lines[i].trim()) return lines[i];
    return '';
  }

  function prepend(listId, emptyId, message, make, kept) {
    const list = byId(listId);
    if (message.reset) list.replaceChildren();
    // items come newest first: put the oldest in first so the newest ends on top
    for (let i = message.items.length - 1; i >= 0; i--) {
      list.insertBefore(make(message.items[i], !message.reset), list.firstChild);
    }
    while (list.children.length > kept) list.lastChild.remove();
    byId(emptyId).hidden = list.children.length > 0;
  }

  // ---- the stream -------------------------------------------------------------------------

  let lastMessage = 0;
  let refreshMs = 1000;

  function link(kind, text) {
    setClass(byId('link'), 'link link-' + kind);
    setText(byId('link-text'), text);
  }

  function connect() {
    const source = new EventSource('/dashboard/events');
    source.onopen = () => link('live', 'live');
    source.onerror = () => link('down', source.readyState === EventSource.CLOSED ? 'disconnected' : 'reconnecting…');
    source.addEventListener('state', (m) => {
      const state = JSON.parse(m.data);
      lastMessage = Date.now();
      refreshMs = state.refreshMs || refreshMs;
      keptEvents = state.eventsKept || keptEvents;
      keptDeadLetters = state.deadLettersKept || keptDeadLetters;
      link('live', 'live');
      renderTop(state);
      renderTree(state);
      renderCharts(state);
    });
    source.addEventListener('events', (m) => prepend('events', 'events-empty', JSON.parse(m.data), eventItem, keptEvents));
    source.addEventListener('deadletters', (m) =>
      prepend('deadletters', 'deadletters-empty', JSON.parse(m.data), deadLetterItem, keptDeadLetters));
    setInterval(() => {
      if (lastMessage && Date.now() - lastMessage > 3 * refreshMs + 1000 && source.readyState === EventSource.OPEN) {
        link('stale', 'no news for ' + age(Date.now() - lastMessage));
      }
    }, 1000);
  }

  hover('chart-rate', 'rate-readout', (s, i) => count(s.results[i]) + ' results/s');
  hover('chart-latency', 'latency-readout', (s, i) => s.p50[i] === null || s.p50[i] === undefined ? 'no results'
    : 'p50 ' + millis(s.p50[i]) + ' · p99 ' + millis(s.p99[i]) + ' · max ' + millis(s.max[i]));
  connect();
})();
