'use strict';

// The policy staff's page: parameters and their dated values, a proposal of a new value written into a draft of the
// rules, its dry run (the publish gate and the impact on the register), publish, the re-evaluation of the register,
// its worklist, and the batch jobs. Plain JS; everything shown is Chinese; the server is the only judge of a value.

// Helpers (api, el, $, money, signed, problemText, STATES) come from staff.js.

const SVG = 'http://www.w3.org/2000/svg';
const OUTCOMES = { SWAPPED: '已启用', UNCHANGED: '未变化', REFUSED: '未启用', WOULD_SWAP: '可以启用', WOULD_REFUSE: '不能启用' };

let parameters = [];
let currentProposal = null;
let currentRun = null;

// ---- status -------------------------------------------------------------------------------------------------

async function loadStatus() {
  const r = await api('GET', 'api/v1/ruleset/reload');
  if (!r.ok || !r.json) {
    $('ruleset-version').textContent = '无法读取';
    return;
  }
  $('ruleset-version').textContent = r.json.servingVersion || '（无）';
  const last = r.json.lastReload;
  $('last-reload').textContent = last
    ? (OUTCOMES[last.outcome] || last.outcome) + '（' + new Date(last.startedAt).toLocaleString('zh-CN') + '）'
    : '启动以来没有';
}

// ---- parameters ---------------------------------------------------------------------------------------------

async function loadParameters() {
  const r = await api('GET', 'api/v1/policy/parameters');
  if (!r.ok) return;
  parameters = r.json.parameters;
  const select = $('p-parameter');
  const chosen = select.value;
  select.replaceChildren(el('option', { value: '', text: '请选择参数' }));
  for (const p of parameters) {
    select.append(el('option', { value: p.name, text: p.description + '（' + p.name + '）' }));
  }
  if (chosen) select.value = chosen;
  renderParameters();
  describeParameter();
}

function renderParameters() {
  const q = $('parameter-filter').value.trim().toLowerCase();
  const body = $('parameters-table').tBodies[0];
  body.replaceChildren();
  for (const p of parameters) {
    if (q && !p.name.toLowerCase().includes(q) && !p.description.toLowerCase().includes(q)) continue;
    const list = el('ol', { className: 'values' });
    for (const v of p.values) {
      list.append(el('li', {}, el('strong', { text: v.from }), '：' + v.display,
        el('span', { className: 'ref', text: ' · ' + v.reference })));
    }
    const button = el('button', { type: 'button', className: 'secondary', 'data-name': p.name,
      'aria-label': '为“' + p.description + '”提出新取值', text: '提出新取值' });
    button.addEventListener('click', () => {
      $('p-parameter').value = p.name;
      describeParameter();
      $('p-value').focus();
    });
    body.append(el('tr', { 'data-parameter': p.name }, el('th', { scope: 'row', text: p.name }),
      el('td', { text: p.description }), el('td', { text: p.file }), el('td', {}, list), el('td', {}, button)));
  }
}

const TYPES = { amount: '金额', rate: '比例（0 到 1）', integer: '整数', date: '日期', flag: '是否（true / false）',
  codes: '代码列表（以逗号分隔）' };

function describeParameter() {
  const p = parameters.find((x) => x.name === $('p-parameter').value);
  const info = $('p-parameter-info');
  if (!p) {
    info.textContent = '';
    return;
  }
  const last = p.values[p.values.length - 1];
  info.textContent = '类型：' + (TYPES[p.type] || p.type) + (p.unit ? '，单位：' + p.unit : '') + '；现行最新取值 '
    + last.display + '（自 ' + last.from + ' 起）';
}

// ---- proposal -----------------------------------------------------------------------------------------------

const FIELDS = ['parameter', 'value', 'from', 'reference', 'note'];

function clearErrors() {
  for (const f of FIELDS) {
    $('p-' + f + '-error').textContent = '';
    $('p-' + f).removeAttribute('aria-invalid');
  }
}

function valueForRequest() {
  const p = parameters.find((x) => x.name === $('p-parameter').value);
  const raw = $('p-value').value.trim();
  if (!p || raw === '') return raw === '' ? null : raw;
  if ((p.type === 'amount' || p.type === 'rate' || p.type === 'integer') && /^-?\d+(\.\d+)?$/.test(raw)) {
    return Number(raw) === Number(raw) && String(Number(raw)) === raw ? Number(raw) : raw;
  }
  if (p.type === 'flag' && (raw === 'true' || raw === 'false')) return raw === 'true';
  if (p.type === 'codes') return raw.split(/[,，\s]+/).filter((s) => s);
  return raw;
}

async function propose(event) {
  event.preventDefault();
  clearErrors();
  const body = {
    parameter: $('p-parameter').value || null,
    value: valueForRequest(),
    from: $('p-from').value || null,
    reference: $('p-reference').value.trim() || null,
    note: $('p-note').value.trim() || null,
  };
  $('propose-button').disabled = true;
  try {
    const r = await api('POST', 'api/v1/parameters/proposals', body);
    if (!r.ok) {
      const errors = (r.json && r.json.errors) || [];
      let first = null;
      for (const e of errors) {
        const f = FIELDS.includes(e.path) ? e.path : 'parameter';
        $('p-' + f + '-error').textContent = e.messageZh || e.message;
        $('p-' + f).setAttribute('aria-invalid', 'true');
        first = first || $('p-' + f);
      }
      if (!errors.length) $('p-parameter-error').textContent = problemText(r.json);
      (first || $('p-parameter')).focus();
      return;
    }
    showProposal(r.json);
    loadHistory();
  } finally {
    $('propose-button').disabled = false;
  }
}

function showProposal(p) {
  currentProposal = p;
  $('proposal-result').hidden = false;
  $('proposal-summary').textContent = '草稿 ' + p.id + '：' + (p.description || p.parameter) + ' 自 ' + p.from
    + ' 起为 ' + p.value + (p.unit ? ' ' + p.unit : '') + '（依据：' + p.reference + '）；写入 ' + p.file
    + '，尚未发布。';
  $('proposal-diff').textContent = p.diff;
  $('dryrun-button').disabled = false;
  $('publish-button').disabled = true;
  $('dryrun-result').hidden = true;
  $('dryrun-status').textContent = '';
  $('publish-status').textContent = '';
  $('proposal-result-title').focus();
}

// ---- dry run and publish ------------------------------------------------------------------------------------

async function dryRun() {
  if (!currentProposal) return;
  $('dryrun-button').disabled = true;
  $('dryrun-status').textContent = '正在试运行：检查规则、运行全部测试案例并测算登记簿…';
  try {
    const r = await api('POST', 'api/v1/parameters/proposals/' + currentProposal.id + '/dry-run');
    if (!r.ok) {
      $('dryrun-status').textContent = problemText(r.json);
      return;
    }
    const d = r.json;
    $('dryrun-status').textContent = '试运行完成。';
    $('dryrun-result').hidden = false;
    $('gate-message').textContent = d.message;
    $('gate-message').className = d.outcome === 'WOULD_SWAP' ? 'good' : 'bad';
    const problems = $('gate-problems');
    problems.replaceChildren();
    for (const p of d.problems || []) {
      problems.append(el('li', { text: (p.severity === 'error' ? '错误' : '提示') + '：' + p.file + ' 第 ' + p.line
        + ' 行：' + p.message }));
    }
    for (const c of d.failedCases || []) {
      problems.append(el('li', { text: '测试案例未通过：' + c.file + ' ' + (c.name || '') + '：' + c.failures.join('；') }));
    }
    renderImpact($('impact-report'), d.impact, '试运行影响测算（核定日期 ' + (d.impact ? d.impact.asOf : '') + '）');
    $('publish-button').disabled = d.outcome !== 'WOULD_SWAP' || currentProposal.state !== 'DRAFT';
    $('dryrun-result-title').focus();
  } finally {
    $('dryrun-button').disabled = false;
  }
}

async function publish() {
  if (!currentProposal) return;
  $('publish-button').disabled = true;
  $('publish-status').textContent = '正在发布：写入规则目录并等待重新加载…';
  const r = await api('POST', 'api/v1/parameters/proposals/' + currentProposal.id + '/publish');
  if (!r.ok) {
    $('publish-status').textContent = '未发布：' + problemText(r.json);
    $('publish-status').focus();
    return;
  }
  currentProposal = r.json.proposal;
  const report = r.json.report;
  $('publish-status').textContent = (currentProposal.state === 'PUBLISHED' ? '已发布。' : '未发布。') + report.message;
  $('r-asof').value = currentProposal.from;
  await Promise.all([loadStatus(), loadParameters(), loadHistory()]);
}

// ---- impact report (dry run and re-evaluation share it: the same measures, ImpactTally on the server) ------------

const PERIODS = { MONTHLY: '按月', ANNUAL: '按年', ONE_OFF: '一次性' };

function table(caption, heads, rows, numeric) {
  const t = el('table', { className: 'impact' }, el('caption', { text: caption }));
  t.append(el('thead', {}, el('tr', {}, ...heads.map((h) => el('th', { scope: 'col', text: h })))));
  const b = el('tbody');
  for (const r of rows) {
    b.append(el('tr', {}, ...r.map((c, i) => (i === 0 ? el('th', { scope: 'row', text: c })
      : el('td', { className: numeric && numeric.includes(i) ? 'n' : null, text: c })))));
  }
  t.append(b);
  return t;
}

function svg(tag, attrs, text) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * Horizontal bars in SVG, one group per label and one bar per series, drawn from a zero line (a negative value goes
 * left); each value is printed beside its bar, so the chart reads without the table beside it.
 */
function barChart(title, labels, series, format) {
  const values = series.flatMap((s) => s.values.map((v) => Number(v) || 0));
  const min = Math.min(0, ...values);
  const max = Math.max(0, ...values, min === 0 ? 1 : 0);
  const barH = 16;
  const rowH = (barH + 4) * series.length + 12;
  const width = 640;
  const left = 176;
  const right = 130;
  const scale = (width - left - right) / Math.max(1, max - min);
  const zero = left + (0 - min) * scale;
  const height = labels.length * rowH + 8;
  const chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, role: 'img', class: 'chart' });
  chart.append(svg('title', {}, title));
  labels.forEach((label, i) => {
    const y0 = 6 + i * rowH;
    chart.append(svg('text', { x: 4, y: y0 + rowH / 2, 'dominant-baseline': 'middle' }, label));
    series.forEach((s, j) => {
      const v = Number(s.values[i]) || 0;
      const w = Math.max(v === 0 ? 0 : 2, Math.abs(v) * scale);
      const x = v < 0 ? zero - w : zero;
      const y = y0 + j * (barH + 4);
      chart.append(svg('rect', { x, y, width: w, height: barH,
        class: series.length > 1 ? 'series-' + j : (v < 0 ? 'down' : 'single') }));
      chart.append(svg('text', { x: v < 0 ? x - 4 : x + w + 4, y: y + barH / 2, 'dominant-baseline': 'middle',
        'text-anchor': v < 0 ? 'end' : 'start' }, format(v)));
    });
  });
  chart.append(svg('line', { x1: zero, x2: zero, y1: 0, y2: height, stroke: '#52606d', 'stroke-width': 1 }));
  const figure = el('figure', { className: 'chart-figure' }, el('figcaption', { text: title }));
  if (series.length > 1) {
    figure.append(el('ul', { className: 'legend' }, ...series.map((s, j) => el('li', {},
      el('span', { className: 'swatch s' + j, 'aria-hidden': 'true' }), s.name))));
  }
  figure.append(chart);
  return figure;
}

function renderImpact(target, impact, title) {
  target.replaceChildren();
  if (!impact) {
    target.append(el('p', { text: '没有影响测算（草稿未能载入）。' }));
    return;
  }
  target.append(el('h3', { text: title }));
  const covered = impact.newlyCovered || { households: 0, people: 0 };
  const stopped = impact.stopped || { households: 0, people: 0 };
  target.append(table('总体情况', ['项目', '数值'], [
    ['测算户数', String(impact.households) + (impact.errors ? '（无法核定 ' + impact.errors + ' 户）' : '')],
    ['待遇有变化户数', String(impact.changed)],
    ['新纳入救助（户 / 人）', covered.households + ' / ' + covered.people],
    ['全部停发（户 / 人）', stopped.households + ' / ' + stopped.people],
    ['每月金额（元）', money(impact.monthlyCost.before) + ' → ' + money(impact.monthlyCost.after) + '（'
      + signed(impact.monthlyCost.difference) + '）'],
    ['全年金额（元，每月 × 12 + 按年 + 一次性）', money(impact.annualCost.before) + ' → ' + money(impact.annualCost.after)
      + '（' + signed(impact.annualCost.difference) + '）'],
  ]));
  const counties = impact.byCounty || [];
  const bands = impact.bands || [];
  const ents = impact.byEntitlement || [];
  const charts = el('div', { className: 'charts' });
  charts.append(barChart('各县区每月金额：调整前与调整后（元）', counties.map((c) => c.county),
    [{ name: '调整前', values: counties.map((c) => c.monthlyBefore) },
      { name: '调整后', values: counties.map((c) => c.monthlyAfter) }], money));
  charts.append(barChart('每户全年待遇变化幅度（户数）', bands.map((b) => b.label),
    [{ name: '户数', values: bands.map((b) => b.households) }], (v) => v + ' 户'));
  charts.append(barChart('各待遇项目全年金额的变化（元）', ents.map((e) => e.name || e.code),
    [{ name: '变化', values: ents.map((e) => Number(e.annualAfter) - Number(e.annualBefore)) }], signed));
  charts.append(barChart('各县区待遇有变化的户数', counties.map((c) => c.county),
    [{ name: '户数', values: counties.map((c) => c.changed) }], (v) => v + ' 户'));
  target.append(charts);
  target.append(table('分县区', ['县区', '户数', '有变化', '新纳入', '停发', '每月原金额', '每月新金额', '每月变化',
    '全年变化'], counties.map((c) => [c.county, String(c.households), String(c.changed), String(c.newlyCovered || 0),
    String(c.stopped || 0), money(c.monthlyBefore), money(c.monthlyAfter),
    signed(Number(c.monthlyAfter) - Number(c.monthlyBefore)),
    signed(Number(c.annualAfter) - Number(c.annualBefore))]), [1, 2, 3, 4, 5, 6, 7, 8]));
  target.append(table('分待遇项目（金额按各项目的发放方式：按月项目为每月合计）', ['项目', '发放方式', '享受户数 原→新',
    '新增户数', '停发户数', '原金额', '新金额', '全年变化'], ents.map((e) => [e.name || e.code,
    PERIODS[e.period] || '', e.householdsBefore + ' → ' + e.householdsAfter, String(e.added), String(e.stopped),
    money(e.amountBefore), money(e.amountAfter), signed(Number(e.annualAfter) - Number(e.annualBefore))]),
  [2, 3, 4, 5, 6, 7]));
  target.append(table('每户全年待遇变化幅度', ['幅度', '户数'], bands.map((b) => [b.label, String(b.households)]), [1]));
}

// ---- re-evaluation ------------------------------------------------------------------------------------------

let runTimer = null;

async function startReevaluation(event) {
  event.preventDefault();
  const body = { asOf: $('r-asof').value || null, county: $('r-county').value || null,
    township: $('r-township').value.trim() || null, baselineAsOf: null };
  $('reeval-button').disabled = true;
  const r = await api('POST', 'api/v1/reevaluations', body);
  $('reeval-button').disabled = false;
  if (!r.ok) {
    $('reeval-status').textContent = '未能开始：' + problemText(r.json);
    $('r-asof').focus();
    return;
  }
  followRun(r.json);
  loadRuns();
}

function followRun(run) {
  currentRun = run;
  clearTimeout(runTimer);
  showRun(run);
  if (run.state === 'QUEUED' || run.state === 'RUNNING') {
    runTimer = setTimeout(async () => {
      const r = await api('GET', 'api/v1/reevaluations/' + run.id);
      if (r.ok) followRun(r.json);
    }, 700);
  } else {
    loadRuns();
    if (run.state === 'DONE') {
      showRunImpact(run);
      openWorklist(run);
    }
  }
}

function showRun(run) {
  const total = run.households || 0;
  const done = run.processed || 0;
  $('reeval-progress').hidden = false;
  const fraction = total > 0 ? Math.min(1, done / total) : (run.state === 'DONE' ? 1 : 0);
  $('reeval-bar').style.width = Math.round(fraction * 100) + '%';
  $('reeval-progress').setAttribute('role', 'progressbar');
  $('reeval-progress').setAttribute('aria-valuenow', String(Math.round(fraction * 100)));
  $('reeval-progress').setAttribute('aria-label', '重新核定进度');
  $('reeval-status').textContent = '重新核定 ' + run.id + '：' + (STATES[run.state] || run.state) + '，已核定 ' + done
    + ' / ' + total + ' 户，有变化 ' + (run.changed || 0) + ' 户，出错 ' + (run.errors || 0) + ' 户。';
}

async function showRunImpact(run) {
  const link = run.links && run.links.impact;
  if (!link) return;
  const r = await api('GET', link);
  if (r.ok) renderImpact($('reeval-impact'), r.json, '重新核定 ' + run.id + ' 的影响（核定日期 ' + run.asOf + '）');
}

async function loadRuns() {
  const r = await api('GET', 'api/v1/reevaluations');
  const body = $('runs-table').tBodies[0];
  body.replaceChildren();
  if (!r.ok || !r.json) return;
  const active = (r.json.runs || []).find((x) => x.state === 'RUNNING' || x.state === 'QUEUED');
  if (active && !currentRun) followRun(active); // a run started before this page was opened
  for (const run of r.json.runs || []) {
    const open = el('button', { type: 'button', className: 'secondary', text: '打开调整清单',
      'aria-label': '打开重新核定 ' + run.id + ' 的调整清单' });
    open.addEventListener('click', () => {
      currentRun = run;
      showRunImpact(run);
      openWorklist(run);
    });
    const actions = el('td', { className: 'nowrap' });
    if (run.state === 'DONE') actions.append(open);
    if (run.state === 'RUNNING' || run.state === 'QUEUED') actions.append(runAction(run, 'stop', '停止'));
    if (run.state === 'STOPPED' || run.state === 'FAILED') actions.append(runAction(run, 'resume', '继续'));
    body.append(el('tr', { 'data-run': run.id }, el('td', { text: run.id }),
      el('td', { text: STATES[run.state] || run.state }),
      el('td', { text: run.asOf }), el('td', { text: [run.county, run.township].filter((x) => x).join(' ') || '全部' }),
      el('td', { text: run.rulesetVersion || '' }), el('td', { text: run.startedBy || '' }),
      el('td', { text: (run.processed || 0) + ' / ' + (run.households || 0) }), el('td', { text: run.changed || 0 }),
      actions));
  }
}

/** Stop a running run at its next chunk, or continue a stopped one after its last stored chunk. */
function runAction(run, action, label) {
  const b = el('button', { type: 'button', className: 'secondary', text: label,
    'aria-label': label + '重新核定 ' + run.id });
  b.addEventListener('click', async () => {
    b.disabled = true;
    const r = await api('POST', 'api/v1/reevaluations/' + run.id + '/' + action);
    if (!r.ok) {
      $('reeval-status').textContent = '未能' + label + '：' + problemText(r.json);
      b.disabled = false;
      return;
    }
    followRun(r.json);
    loadRuns();
  });
  return b;
}

// ---- worklist -----------------------------------------------------------------------------------------------

function worklistQuery() {
  const q = new URLSearchParams();
  for (const [k, id] of [['county', 'w-county'], ['township', 'w-township'], ['village', 'w-village'], ['kind', 'w-kind'],
    ['sort', 'w-sort']]) {
    const v = $(id).value.trim();
    if (v) q.set(k, v);
  }
  return q.toString();
}

function openWorklist(run) {
  currentRun = run;
  $('worklist-run').textContent = '重新核定 ' + run.id + '（核定日期 ' + run.asOf + '，规则版本 ' + (run.rulesetVersion || '')
    + '）的调整清单。';
  loadWorklist();
  $('worklist-title').focus();
}

async function loadWorklist(event) {
  if (event) event.preventDefault();
  if (!currentRun || !currentRun.links) return;
  const q = worklistQuery();
  const csv = $('worklist-csv');
  csv.href = currentRun.links.csv.replace(/^\//, '') + (q ? '?' + q : '');
  csv.hidden = false;
  $('worklist-page').href = 'worklist.html?run=' + currentRun.id;
  $('worklist-page').hidden = false;
  const r = await api('GET', currentRun.links.worklist + '?' + q + (q ? '&' : '') + 'limit=200');
  const body = $('worklist-table').tBodies[0];
  body.replaceChildren();
  if (!r.ok) {
    $('worklist-status').textContent = problemText(r.json);
    return;
  }
  $('worklist-status').textContent = '共 ' + r.json.total + ' 户';
  for (const it of r.json.items) {
    const changes = el('ul', { className: 'changes' });
    for (const c of it.changes || []) {
      changes.append(el('li', { text: (c.name || c.code) + '：' + (c.kindLabel || c.kind) + ' ' + money(c.before) + ' → '
        + money(c.after) + ((c.attribution && c.attribution.length) ? '（' + c.attribution.join('；') + '）' : '') }));
    }
    body.append(el('tr', { 'data-household': it.householdId }, el('td', { className: 'nowrap', text: it.householdId }),
      el('td', { className: 'nowrap', text: it.headName || '' }),
      el('td', { text: [it.county, it.township, it.village].join(' ') }),
      el('td', { className: 'nowrap', text: it.kindLabel || it.kind }),
      el('td', { text: money(it.before && it.before.monthlyTotal) + ' → ' + money(it.after && it.after.monthlyTotal) }),
      el('td', {}, changes),
      el('td', { text: it.status === 'CONFIRMED' ? '已确认（' + (it.confirmedBy || '') + '）' : '待经办人员确认' })));
  }
}

// ---- batch jobs ---------------------------------------------------------------------------------------------

let batchTimer = null;

async function loadBatches() {
  clearTimeout(batchTimer);
  const r = await api('GET', 'api/v1/batches');
  const body = $('batches-table').tBodies[0];
  body.replaceChildren();
  if (!r.ok || !r.json) return;
  const jobs = Array.isArray(r.json) ? r.json : (r.json.jobs || []);
  let active = false;
  for (const j of jobs) {
    const p = j.progress || {};
    const pct = Math.round((p.fraction || (j.state === 'DONE' ? 1 : 0)) * 100);
    const bar = el('div', { className: 'progress', role: 'progressbar', 'aria-valuenow': String(pct),
      'aria-label': j.fileName + ' 进度' }, el('div', { className: 'bar' }));
    bar.firstChild.style.width = pct + '%';
    const links = el('span');
    for (const [k, label] of [['results', '核定结果'], ['errors', '错误清单'], ['diff', '差异'], ['report', '影响报告']]) {
      if (j.links && j.links[k] && j.state === 'DONE') {
        links.append(el('a', { href: j.links[k].replace(/^\//, ''), text: label }), ' ');
      }
    }
    if (j.state === 'QUEUED' || j.state === 'RUNNING') active = true;
    body.append(el('tr', {}, el('td', { text: j.fileName }), el('td', { text: STATES[j.state] || j.state }),
      el('td', { text: j.asOf }), el('td', {}, bar, (p.householdsRead || 0) + ' 户，出错 ' + (p.errors || 0) + ' 户'),
      el('td', {}, links)));
  }
  if (active) batchTimer = setTimeout(loadBatches, 1500);
}

async function submitBatch(event) {
  event.preventDefault();
  const file = $('b-file').files[0];
  if (!file) {
    $('batch-status').textContent = '请选择案卷文件';
    $('b-file').focus();
    return;
  }
  const form = new FormData();
  form.append('file', file);
  const q = new URLSearchParams();
  if ($('b-asof').value) q.set('asOf', $('b-asof').value);
  if ($('b-baseline').value) q.set('baselineAsOf', $('b-baseline').value);
  const r = await api('POST', 'api/v1/batches' + (q.toString() ? '?' + q : ''), form, true);
  $('batch-status').textContent = r.ok ? '已提交：' + file.name : '未能提交：' + problemText(r.json);
  loadBatches();
}

// ---- history ------------------------------------------------------------------------------------------------

async function loadHistory() {
  const r = await api('GET', 'api/v1/parameters/proposals');
  const body = $('proposals-table').tBodies[0];
  body.replaceChildren();
  if (!r.ok) return;
  for (const p of r.json.proposals) {
    body.append(el('tr', {}, el('td', { text: p.id }), el('td', { text: (p.description || '') + ' ' + p.parameter }),
      el('td', { text: p.value }), el('td', { text: p.from }), el('td', { text: p.reference }),
      el('td', { text: STATES[p.state] || p.state }), el('td', { text: p.proposedBy }),
      el('td', { text: p.publishedBy || '' }), el('td', { text: p.publishedVersion || '' })));
  }
}

// ---- start --------------------------------------------------------------------------------------------------

fillCounties('r-county', 'w-county');
$('parameter-filter').addEventListener('input', renderParameters);
$('p-parameter').addEventListener('change', describeParameter);
$('proposal-form').addEventListener('submit', propose);
$('dryrun-button').addEventListener('click', dryRun);
$('publish-button').addEventListener('click', publish);
$('reeval-form').addEventListener('submit', startReevaluation);
$('worklist-form').addEventListener('submit', loadWorklist);
$('batch-form').addEventListener('submit', submitBatch);
loadStatus();
loadParameters();
loadHistory();
loadRuns();
loadBatches();
