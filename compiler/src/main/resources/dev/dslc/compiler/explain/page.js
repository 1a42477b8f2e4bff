// The explain page: draws the forward graph, animates the two passes and
// writes the computation log. Every number comes from DATA, which dslc
// computed with its IR interpreter; nothing here does arithmetic on the
// model, it only formats.
(function () {
  'use strict';

  const COLUMN_WIDTH = 200;
  const ROW_HEIGHT = 118;
  const NODE_WIDTH = 152;
  const NODE_HEIGHT = 88;
  const MARGIN = 20;
  /** Tensors up to this many elements are written out in full; larger ones are summarised. */
  const HANDFUL = 6;
  /** How many elements an expanded tensor lists before offering the rest. */
  const FIRST_ELEMENTS = 1000;
  const SVG = 'http://www.w3.org/2000/svg';

  const values = {};
  for (const key of Object.keys(DATA.values)) {
    const v = DATA.values[key];
    // Non-finite numbers travel as strings, which JSON cannot hold as numbers.
    values[key] = { dims: v.dims, data: v.data.map(x => typeof x === 'string' ? Number(x) : x) };
  }
  const nodes = new Map(DATA.nodes.map(n => [n.id, n]));
  const forwardSteps = DATA.steps.filter(s => s.pass === 'forward');
  const backwardSteps = DATA.steps.filter(s => s.pass === 'backward');

  const state = { forward: 0, backward: 0, selected: null };
  const boxes = new Map();
  const edgePaths = new Map();
  const $ = id => document.getElementById(id);

  // ---- numbers

  /** The shortest text that reads back as exactly x (as Python's repr and Java 19's Double.toString). */
  function exact(x) {
    return String(x);
  }

  /** Three significant digits, for the boxes of the graph and summaries. */
  function brief(x) {
    if (x === 0 || !Number.isFinite(x)) return String(x);
    const a = Math.abs(x);
    return a >= 1e-6 && a < 1e5 ? String(Number(x.toPrecision(3))) : x.toExponential(2);
  }

  function nested(value, format) {
    const { dims, data } = value;
    if (dims.length === 0) return format(data[0]);
    if (dims.length === 1) return '[' + data.map(format).join(', ') + ']';
    const rows = [];
    for (let r = 0; r < dims[0]; r++) {
      rows.push('[' + data.slice(r * dims[1], (r + 1) * dims[1]).map(format).join(', ') + ']');
    }
    return '[' + rows.join(', ') + ']';
  }

  function stats(value) {
    if (!value.stats) {
      let min = Infinity, max = -Infinity, squares = 0;
      for (const x of value.data) {
        if (x < min) min = x;
        if (x > max) max = x;
        squares += x * x;
      }
      value.stats = { min, max, norm: Math.sqrt(squares) };
    }
    return value.stats;
  }

  function shapeText(dims) {
    return dims.length === 0 ? 'scalar' : '[' + dims.join(', ') + ']';
  }

  // ---- tensors in the log and the inspector

  /** A value as a person reads it: in full when small, else a summary that expands on click. */
  function tensorElement(key, parenthesize) {
    const value = values[key];
    const span = document.createElement('span');
    span.className = 'tensor';
    if (value.data.length <= HANDFUL) {
      let text = nested(value, exact);
      if (parenthesize && value.dims.length === 0 && (value.data[0] < 0 || Object.is(value.data[0], -0))) {
        text = '(' + text + ')';
      }
      span.textContent = text;
      return span;
    }
    span.classList.add('compact');
    span.tabIndex = 0;
    span.title = 'click to show every element';
    const s = stats(value);
    const few = value.data.slice(0, 3).map(brief).join(', ');
    span.innerHTML = '';
    const dims = document.createElement('span');
    dims.className = 'dims';
    dims.textContent = shapeText(value.dims) + ' ';
    const head = document.createTextNode('{' + few + ', …} ');
    const summary = document.createElement('span');
    summary.className = 'stats';
    summary.textContent = 'min ' + brief(s.min) + ' · max ' + brief(s.max) + ' · norm ' + brief(s.norm);
    span.append(dims, head, summary);
    const toggle = event => {
      if (event.target.closest('.tensor-full')) return;
      const open = span.querySelector('.tensor-full');
      if (open) {
        open.remove();
      } else {
        span.append(fullTensor(value));
      }
    };
    span.addEventListener('click', toggle);
    span.addEventListener('keydown', e => { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(e); } });
    return span;
  }

  /** Every element (the first thousand, then on request the rest), with a heat map of a matrix. */
  function fullTensor(value) {
    const box = document.createElement('span');
    box.className = 'tensor-full';
    if (value.dims.length === 2) box.append(heatMap(value));
    const columns = value.dims.length === 2 ? value.dims[1] : value.data.length;
    const render = limit => {
      const lines = [];
      const count = Math.min(limit, value.data.length);
      for (let start = 0; start < count; start += columns) {
        const row = value.data.slice(start, Math.min(start + columns, count)).map(exact).join(', ');
        lines.push(value.dims.length === 2 ? 'row ' + (start / columns) + ': ' + row : row);
      }
      return lines.join('\n');
    };
    const text = document.createElement('span');
    text.textContent = render(FIRST_ELEMENTS);
    box.append(text);
    if (value.data.length > FIRST_ELEMENTS) {
      const more = document.createElement('button');
      more.type = 'button';
      more.textContent = 'show all ' + value.data.length;
      more.addEventListener('click', () => { text.textContent = render(Infinity); more.remove(); });
      box.append(document.createElement('br'), more);
    }
    return box;
  }

  function heatMap(value) {
    const [rows, columns] = value.dims;
    const canvas = document.createElement('canvas');
    canvas.width = columns;
    canvas.height = rows;
    canvas.style.width = Math.min(columns * 8, 420) + 'px';
    canvas.style.height = Math.min(rows * 8, 160) + 'px';
    const context = canvas.getContext('2d');
    const image = context.createImageData(columns, rows);
    const s = stats(value);
    const scale = Math.max(Math.abs(s.min), Math.abs(s.max)) || 1;
    value.data.forEach((x, i) => {
      const t = Math.max(-1, Math.min(1, x / scale));
      // Blue for negative, white for zero, red for positive.
      image.data[4 * i] = t < 0 ? 255 * (1 + t) : 255;
      image.data[4 * i + 1] = 255 * (1 - Math.abs(t));
      image.data[4 * i + 2] = t > 0 ? 255 * (1 - t) : 255;
      image.data[4 * i + 3] = 255;
    });
    context.putImageData(image, 0, 0);
    canvas.title = 'blue negative, red positive, up to ' + brief(scale);
    return canvas;
  }

  // ---- the graph

  function position(node) {
    return { x: MARGIN + node.column * COLUMN_WIDTH, y: MARGIN + node.row * ROW_HEIGHT };
  }

  function drawGraph() {
    const graph = $('graph');
    const width = MARGIN * 2 + Math.max(...DATA.nodes.map(n => n.column)) * COLUMN_WIDTH + NODE_WIDTH;
    const height = MARGIN * 2 + Math.max(...DATA.nodes.map(n => n.row)) * ROW_HEIGHT + NODE_HEIGHT;
    graph.style.width = width + 'px';
    graph.style.height = height + 'px';
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('width', width);
    svg.setAttribute('height', height);
    // Arrowheads of a fixed size, one per colour; the backward one points back at the edge's start.
    const marker = (id, colour, orient) => `<marker id="${id}" viewBox="0 0 10 10" refX="9" refY="5"`
      + ` markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="${orient}">`
      + `<path d="M0,0 L10,5 L0,10 z" fill="${colour}"/></marker>`;
    svg.innerHTML = '<defs>' + marker('arrow', '#94a3b8', 'auto') + marker('arrow-forward', '#2563eb', 'auto')
      + marker('arrow-backward', '#d9480f', 'auto-start-reverse') + '</defs>';
    const ports = edgePorts();
    const labels = document.createElementNS(SVG, 'g');
    const labelled = new Set();
    for (const edge of DATA.edges) {
      const path = drawEdge(edge, ports(edge));
      svg.append(path);
      const drawn = [path];
      // Every edge out of a node carries the same tensor, so its shape is written once, where they leave.
      if (!labelled.has(edge.from)) {
        labelled.add(edge.from);
        labels.append(shapeLabel(edge, ports));
      }
      edgePaths.set(edge.from + '>' + edge.to, drawn);
    }
    svg.append(labels);
    graph.append(svg);
    for (const node of DATA.nodes) graph.append(drawNode(node));
  }

  /** Where an edge leaves its source and reaches its target: spread out when several share a side. */
  function edgePorts() {
    const outgoing = new Map();
    const incoming = new Map();
    for (const edge of DATA.edges) {
      if (!outgoing.has(edge.from)) outgoing.set(edge.from, []);
      if (!incoming.has(edge.to)) incoming.set(edge.to, []);
      outgoing.get(edge.from).push(edge);
      incoming.get(edge.to).push(edge);
    }
    const byRow = key => (a, b) => nodes.get(a[key]).row - nodes.get(b[key]).row;
    for (const list of outgoing.values()) list.sort(byRow('to'));
    for (const list of incoming.values()) list.sort(byRow('from'));
    const offset = (list, edge) => (list.indexOf(edge) - (list.length - 1) / 2) * 10;
    return edge => [offset(outgoing.get(edge.from), edge), offset(incoming.get(edge.to), edge)];
  }

  function drawEdge(edge, [out, into]) {
    const from = position(nodes.get(edge.from));
    const to = position(nodes.get(edge.to));
    const x1 = from.x + NODE_WIDTH, y1 = from.y + NODE_HEIGHT / 2 + out;
    const x2 = to.x - 2, y2 = to.y + NODE_HEIGHT / 2 + into;
    const bend = Math.max(24, (x2 - x1) / 2);
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`);
    path.setAttribute('class', 'edge');
    return path;
  }

  /** The shape of a node's value, just right of the box, above the topmost edge that leaves it. */
  function shapeLabel(edge, ports) {
    const from = position(nodes.get(edge.from));
    const top = Math.min(...DATA.edges.filter(e => e.from === edge.from).map(e => ports(e)[0]));
    const label = document.createElementNS(SVG, 'text');
    label.setAttribute('class', 'edge-label');
    label.setAttribute('x', from.x + NODE_WIDTH + 4);
    label.setAttribute('y', from.y + NODE_HEIGHT / 2 + top - 5);
    label.textContent = edge.label;
    return label;
  }

  function drawNode(node) {
    const box = document.createElement('div');
    box.className = 'node ' + node.kind + (node.output ? ' output' : '') + (node.loss ? ' loss' : '');
    box.dataset.node = node.name;
    const at = position(node);
    box.style.left = at.x + 'px';
    box.style.top = at.y + 'px';
    box.title = node.name + ' · ' + node.shape + ' · click for every element';
    box.innerHTML = '<div class="head"><span class="name"></span><span class="op"></span></div>'
      + '<div class="value"></div><div class="grad"></div>';
    box.querySelector('.name').textContent = node.name;
    box.querySelector('.op').textContent = node.kind === 'operation' ? node.op : node.kind + ' ' + node.shape;
    box.addEventListener('click', () => select(node.id));
    boxes.set(node.id, box);
    return box;
  }

  /** A value in a box: every element when it fits (matrix rows on their own lines), else its range. */
  function boxText(key) {
    const value = values[key];
    const { dims, data } = value;
    if (data.length > 4) {
      const s = stats(value);
      return 'min ' + brief(s.min) + '\nmax ' + brief(s.max);
    }
    if (dims.length === 2) {
      const rows = [];
      for (let r = 0; r < dims[0]; r++) {
        rows.push('[' + data.slice(r * dims[1], (r + 1) * dims[1]).map(brief).join(', ') + ']');
      }
      return rows.join('\n');
    }
    return nested(value, brief);
  }

  // ---- the passes

  function isComputed(node) {
    if (node.kind !== 'operation') return true;
    return forwardSteps.slice(0, state.forward).some(s => s.node === node.id);
  }

  function hasGradient(node) {
    return backwardSteps.slice(0, state.backward).some(s => s.node === node.id);
  }

  function render() {
    const computed = new Set(forwardSteps.slice(0, state.forward).map(s => s.node));
    const propagated = new Set(backwardSteps.slice(0, state.backward).map(s => s.node));
    const current = state.backward > 0 ? backwardSteps[state.backward - 1]
      : state.forward > 0 ? forwardSteps[state.forward - 1] : null;
    for (const node of DATA.nodes) {
      const box = boxes.get(node.id);
      const known = node.kind !== 'operation' || computed.has(node.id);
      const valueLine = box.querySelector('.value');
      valueLine.textContent = known ? boxText(node.value) : '·';
      valueLine.classList.toggle('pending', !known);
      const gradient = propagated.has(node.id);
      box.querySelector('.grad').textContent = gradient ? boxText(node.gradient) : '';
      box.classList.toggle('computed', node.kind === 'operation' && known && !gradient);
      box.classList.toggle('has-grad', gradient);
      box.classList.toggle('current', current !== null && current.node === node.id);
      box.classList.toggle('forward-now', current !== null && current.pass === 'forward');
      box.classList.toggle('backward-now', current !== null && current.pass === 'backward');
    }
    renderEdges(current);
    renderControls();
    if (state.selected !== null) inspect(state.selected);
  }

  function renderEdges(current) {
    for (const drawn of edgePaths.values()) {
      for (const element of drawn) {
        element.classList.remove('forward-done', 'forward-now', 'backward-done', 'backward-now');
      }
    }
    const mark = (steps, pass) => steps.forEach(step => {
      for (const [from, to] of step.edges) {
        const drawn = edgePaths.get(from + '>' + to);
        if (!drawn) continue;
        const now = step === current;
        for (const element of drawn) {
          element.classList.remove(pass + '-done');
          element.classList.add(pass + (now ? '-now' : '-done'));
        }
      }
    });
    if (state.backward === 0) mark(forwardSteps.slice(0, state.forward), 'forward');
    mark(backwardSteps.slice(0, state.backward), 'backward');
  }

  function renderControls() {
    const forwardDone = state.forward === forwardSteps.length;
    const backwardDone = state.backward === backwardSteps.length;
    $('forward-step').disabled = forwardDone;
    $('forward-all').disabled = forwardDone;
    $('backward-step').disabled = !forwardDone || backwardDone;
    $('backward-all').disabled = !forwardDone || backwardDone;
    $('run-all').disabled = forwardDone && backwardDone;
    $('reset').disabled = state.forward === 0;
    const loss = DATA.nodes.find(n => n.loss);
    $('status').textContent = backwardDone ? 'done: loss ' + exact(values[loss.value].data[0]) + ', every gradient computed'
      : state.backward > 0 ? 'backward pass: step ' + state.backward + ' of ' + backwardSteps.length
      : forwardDone ? 'forward pass done: loss ' + exact(values[loss.value].data[0]) + '; now the backward pass'
      : state.forward > 0 ? 'forward pass: step ' + state.forward + ' of ' + forwardSteps.length
      : 'press Forward step (or →) to begin';
  }

  // ---- the log

  function logLine(step) {
    const li = document.createElement('li');
    li.className = 'step ' + step.pass;
    li.dataset.pass = step.pass;
    const add = (cls, text) => {
      const span = document.createElement('span');
      span.className = cls;
      span.textContent = text;
      li.append(span);
      return span;
    };
    add('lhs', step.lhs);
    li.append(' = ');
    add('symbolic', step.symbolic);
    if (step.numeric.length > 0) {
      li.append(' = ');
      const numeric = add('numeric', '');
      for (const part of step.numeric) {
        if (typeof part === 'string') {
          numeric.append(part);
        } else if (part.index >= 0) {
          const x = values[part.key].data[part.index];
          numeric.append(part.parenthesize && x < 0 ? '(' + exact(x) + ')' : exact(x));
        } else {
          numeric.append(tensorElement(part.key, part.parenthesize));
        }
      }
    }
    if (step.symbolic !== exact(values[step.result].data[0]) || values[step.result].data.length > 1) {
      li.append(' = ');
      add('result', '').append(tensorElement(step.result, false));
    }
    return li;
  }

  function section(title) {
    const li = document.createElement('li');
    li.className = 'section';
    li.textContent = title;
    return li;
  }

  function resetLog() {
    const log = $('log');
    log.replaceChildren(section('Given'));
    for (const given of DATA.given) {
      const li = document.createElement('li');
      li.className = 'given';
      li.innerHTML = '<span class="lhs"></span> = ';
      li.firstChild.textContent = given.name;
      li.append(tensorElement(given.value, false));
      log.append(li);
    }
  }

  function appendToLog(step) {
    const log = $('log');
    if (step === forwardSteps[0]) log.append(section('Forward pass'));
    if (step === backwardSteps[0]) log.append(section('Backward pass'));
    for (const latest of log.querySelectorAll('li.latest')) latest.classList.remove('latest');
    const li = logLine(step);
    li.classList.add('latest');
    log.append(li);
    return li;
  }

  // ---- actions

  function stepForward(count) {
    let last = null;
    while (count-- > 0 && state.forward < forwardSteps.length) last = appendToLog(forwardSteps[state.forward++]);
    finish(last);
  }

  function stepBackward(count) {
    if (state.forward < forwardSteps.length) return;
    let last = null;
    while (count-- > 0 && state.backward < backwardSteps.length) last = appendToLog(backwardSteps[state.backward++]);
    finish(last);
  }

  function finish(last) {
    render();
    if (!last) return;
    last.scrollIntoView({ block: 'nearest' });
    const current = boxes.get((state.backward > 0 ? backwardSteps[state.backward - 1] : forwardSteps[state.forward - 1]).node);
    if (current) current.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  }

  function reset() {
    state.forward = 0;
    state.backward = 0;
    resetLog();
    render();
  }

  function next() {
    if (state.forward < forwardSteps.length) stepForward(1); else stepBackward(1);
  }

  // ---- the inspector

  function select(id) {
    state.selected = state.selected === id ? null : id;
    for (const [nodeId, box] of boxes) box.classList.toggle('selected', nodeId === state.selected);
    if (state.selected === null) $('inspector').hidden = true; else inspect(id);
  }

  function inspect(id) {
    const node = nodes.get(id);
    const panel = $('inspector');
    panel.hidden = false;
    panel.replaceChildren();
    const close = document.createElement('button');
    close.type = 'button';
    close.className = 'close';
    close.textContent = 'close';
    close.addEventListener('click', () => select(id));
    const title = document.createElement('h3');
    title.textContent = node.name + '  ' + (node.kind === 'operation' ? node.op : node.kind) + '  ' + node.shape;
    const list = document.createElement('dl');
    const entry = (term, content) => {
      const dt = document.createElement('dt');
      dt.textContent = term;
      const dd = document.createElement('dd');
      dd.append(content);
      list.append(dt, dd);
    };
    const step = forwardSteps.find(s => s.node === id);
    if (step) entry('computes', node.name + ' = ' + step.symbolic);
    entry('value', isComputed(node) ? tensorElement(node.value, false) : 'not computed yet');
    if (node.gradient) {
      entry('dL/d' + node.name, hasGradient(node) ? tensorElement(node.gradient, false) : 'not propagated yet');
    }
    panel.append(close, title, list);
  }

  // ---- start

  function start() {
    $('example').textContent = DATA.source + ' · ' + DATA.example;
    drawGraph();
    $('forward-step').addEventListener('click', () => stepForward(1));
    $('forward-all').addEventListener('click', () => stepForward(Infinity));
    $('backward-step').addEventListener('click', () => stepBackward(1));
    $('backward-all').addEventListener('click', () => stepBackward(Infinity));
    $('run-all').addEventListener('click', () => { stepForward(Infinity); stepBackward(Infinity); });
    $('reset').addEventListener('click', reset);
    document.addEventListener('keydown', event => {
      if (event.key === 'ArrowRight' && !event.target.closest('input, textarea')) {
        event.preventDefault();
        next();
      }
    });
    reset();
  }

  start();
}());
