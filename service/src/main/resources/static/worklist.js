'use strict';

// The caseworkers' worklist of a re-evaluation: the households whose entitlements change, each with before and
// after per item and the reason; a caseworker confirms an item (its proposed determination becomes the household's
// recorded one) and prints its notice, or a township's notices in one document. Uses staff.js.

const PAGE = 50;
let runs = [];
let run = null;
let offset = 0;

function runLabel(r) {
  return '第 ' + r.id + ' 批 · 核定日期 ' + r.asOf + ' · 有变化 ' + r.changed + ' 户'
    + (r.county || r.township ? ' · ' + [r.county, r.township].filter((x) => x).join(' ') : '');
}

async function loadRuns() {
  const r = await api('GET', 'api/v1/reevaluations');
  const select = $('run-select');
  select.replaceChildren();
  runs = r.ok && r.json ? r.json.runs.filter((x) => x.state === 'DONE') : [];
  if (!runs.length) {
    select.append(el('option', { value: '', text: '还没有已完成的重新核定' }));
    $('run-summary').textContent = '政策科室完成重新核定后，这里列出待遇有变化的家庭。';
    return;
  }
  for (const x of runs) select.append(el('option', { value: String(x.id), text: runLabel(x) }));
  const wanted = new URLSearchParams(location.search).get('run');
  if (wanted && runs.some((x) => String(x.id) === wanted)) select.value = wanted;
  chooseRun();
}

function chooseRun() {
  run = runs.find((x) => String(x.id) === $('run-select').value) || null;
  if (!run) return;
  $('run-summary').textContent = '第 ' + run.id + ' 批：按 ' + run.asOf + ' 的家庭情况和政策（规则版本 ' + run.rulesetVersion
    + '）重新核定 ' + run.processed + ' 户，待遇有变化 ' + run.changed + ' 户；由 ' + run.startedBy + ' 发起。';
  offset = 0;
  loadItems();
  loadTownships();
}

function query() {
  const q = new URLSearchParams();
  for (const [k, id] of [['county', 'f-county'], ['township', 'f-township'], ['village', 'f-village'],
    ['kind', 'f-kind'], ['status', 'f-status'], ['sort', 'f-sort']]) {
    const v = $(id).value.trim();
    if (v) q.set(k, v);
  }
  return q;
}

function noticeHref(item) {
  return 'api/v1/reevaluations/' + run.id + '/worklist/' + encodeURIComponent(item.householdId) + '/notice';
}

function statusCell(item) {
  if (item.status !== 'CONFIRMED') return el('td', { className: 'nowrap', text: '待确认' });
  const when = item.confirmedAt ? new Date(item.confirmedAt).toLocaleDateString('zh-CN') : '';
  return el('td', { text: '已确认（' + (item.confirmedBy || '') + ' ' + when + '，核定记录 ' + item.recordId + '）' });
}

function actionCell(item) {
  if (item.status === 'CONFIRMED') {
    return el('td', {}, el('a', { href: noticeHref(item), target: '_blank', rel: 'noopener',
      className: 'notice-link nowrap', 'aria-label': '打印家庭 ' + item.householdId + ' 的告知书', text: '打印告知书' }));
  }
  const b = el('button', { type: 'button', className: 'confirm-button', 'data-household': item.householdId,
    'aria-label': '确认家庭 ' + item.householdId + ' 的调整', text: '确认调整' });
  b.addEventListener('click', () => confirmItem(item, b));
  return el('td', {}, b);
}

function row(item) {
  const changes = el('ul', { className: 'changes' });
  for (const c of item.changes || []) {
    const who = c.memberName ? '（' + c.memberName + '）' : '';
    changes.append(el('li', {}, el('strong', { text: (c.name || c.code) + who }),
      '：' + (c.kindLabel || c.kind) + ' ' + money(c.before) + ' → ' + (c.after === null ? '停发' : money(c.after)),
      el('span', { className: 'why', text: (c.attribution || []).join('；') })));
  }
  return el('tr', { 'data-household': item.householdId },
    el('th', { scope: 'row', className: 'nowrap', text: item.householdId }),
    el('td', { className: 'nowrap', text: item.headName || '' }),
    el('td', { text: [item.county, item.township, item.village].join(' ') }),
    el('td', { className: 'nowrap', text: item.kindLabel || KIND_LABELS[item.kind] || item.kind }),
    el('td', { className: 'n', text: money(item.before.monthlyTotal) + ' → ' + money(item.after.monthlyTotal) }),
    el('td', {}, changes), statusCell(item), actionCell(item));
}

async function loadItems(event) {
  if (event) {
    event.preventDefault();
    offset = 0;
  }
  if (!run) return;
  const q = query();
  $('csv-link').href = 'api/v1/reevaluations/' + run.id + '/worklist.csv' + (q.toString() ? '?' + q : '');
  $('csv-link').hidden = false;
  q.set('offset', String(offset));
  q.set('limit', String(PAGE));
  const r = await api('GET', 'api/v1/reevaluations/' + run.id + '/worklist?' + q);
  const body = $('items-table').tBodies[0];
  body.replaceChildren();
  if (!r.ok) {
    $('list-status').textContent = '未能查询：' + problemText(r.json);
    return;
  }
  const total = r.json.total;
  $('list-status').textContent = total ? '共 ' + total + ' 户' : '没有符合条件的家庭';
  for (const item of r.json.items) body.append(row(item));
  $('page-info').textContent = total ? '第 ' + (offset + 1) + '–' + Math.min(offset + PAGE, total) + ' 户，共 ' + total + ' 户' : '';
  $('prev-page').disabled = offset === 0;
  $('next-page').disabled = offset + PAGE >= total;
}

async function confirmItem(item, button) {
  button.disabled = true;
  const r = await api('POST', 'api/v1/reevaluations/' + run.id + '/worklist/' + encodeURIComponent(item.householdId)
    + '/confirm');
  if (!r.ok) {
    button.disabled = false;
    $('list-status').textContent = '家庭 ' + item.householdId + ' 未能确认：' + problemText(r.json);
    button.focus();
    return;
  }
  const tr = row(r.json);
  button.closest('tr').replaceWith(tr);
  $('list-status').textContent = '已确认家庭 ' + item.householdId + '，新的核定已记入核定记录 ' + r.json.recordId
    + '，可以打印告知书。';
  tr.querySelector('a.notice-link').focus();
  loadTownships();
}

async function loadTownships() {
  const body = $('townships-table').tBodies[0];
  const r = await api('GET', 'api/v1/reevaluations/' + run.id + '/townships');
  body.replaceChildren();
  if (!r.ok) return;
  for (const t of r.json.townships) {
    const href = 'api/v1/reevaluations/' + run.id + '/notices?' + new URLSearchParams({ county: t.county,
      township: t.township });
    const link = t.confirmed > 0
      ? el('a', { href, target: '_blank', rel: 'noopener', className: 'bulk-link', 'data-county': t.county,
        'data-township': t.township, text: '打印' + t.county + t.township + '已确认的 ' + t.confirmed + ' 户告知书' })
      : '尚无已确认的家庭';
    body.append(el('tr', {}, el('td', { text: t.county }), el('th', { scope: 'row', text: t.township }),
      el('td', { className: 'n', text: String(t.items) }), el('td', { className: 'n', text: String(t.confirmed) }),
      el('td', {}, link)));
  }
}

fillCounties('f-county');
$('run-select').addEventListener('change', chooseRun);
$('filter-form').addEventListener('submit', loadItems);
$('prev-page').addEventListener('click', () => { offset = Math.max(0, offset - PAGE); loadItems(); });
$('next-page').addEventListener('click', () => { offset += PAGE; loadItems(); });
loadRuns();
