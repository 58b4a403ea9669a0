'use strict';

// The session's CSRF token, which the service set in the XSRF-TOKEN cookie: a state change made with the session
// cookie must send it back, so no other site can make the browser post on a caseworker's behalf.
function csrfToken() {
  const c = document.cookie.split('; ').find((x) => x.startsWith('XSRF-TOKEN='));
  return c ? decodeURIComponent(c.substring('XSRF-TOKEN='.length)) : '';
}
// The caseworker page. The form keeps what staff type (amounts as text) in `state`; toContract() turns it into the
// household JSON of shared/spec, which is what the server reads, what is saved and what a file loads from.
// Every input carries data-path = the contract path, so a server error like members[1].disability.grade lands
// beside the input that holds it.

const OPTIONS = {
  county: [['东区', '东区'], ['西区', '西区'], ['仁和区', '仁和区'], ['米易县', '米易县'], ['盐边县', '盐边县']],
  residence: [['URBAN', '城市'], ['RURAL', '农村']],
  povertyStatus: [['NONE', '非建档立卡户'], ['REGISTERED', '建档立卡贫困户（未标注脱贫）'], ['EXITED', '已标注脱贫户'],
    ['RETURNED', '返贫户']],
  incomeType: [['WAGE', '工资性收入'], ['BUSINESS', '经营性收入'], ['AGRICULTURE', '农业生产收入'], ['PROPERTY', '财产性收入'],
    ['TRANSFER', '转移性收入'], ['MAINTENANCE', '赡养（抚养、扶养）费'], ['PENSION', '养老金'], ['DISABILITY_SUBSIDY', '残疾人补贴'],
    ['STUDENT_AID', '学生资助'], ['TEMPORARY_ASSISTANCE', '临时救助金'], ['SPECIAL_CARE_PENSION', '优抚金'],
    ['FAMILY_PLANNING_REWARD', '计划生育奖励扶助金'], ['OTHER', '其他收入']],
  housingSafety: [['A', 'A级'], ['B', 'B级'], ['C', 'C级'], ['D', 'D级']],
  water: [['true', '安全'], ['false', '不安全']],
  hardshipCause: [['FIRE', '火灾'], ['ACCIDENT', '意外事故'], ['ILLNESS', '疾病'], ['DISASTER', '自然灾害'], ['OTHER', '其他']],
  relation: [['HEAD', '户主'], ['SPOUSE', '配偶'], ['CHILD', '子女'], ['GRANDCHILD', '孙子女'], ['PARENT', '父母'],
    ['SIBLING', '兄弟姐妹'], ['OTHER', '其他']],
  laborCapacity: [['FULL', '有劳动能力'], ['PARTIAL', '部分丧失劳动能力'], ['NONE', '无劳动能力']],
  student: [['NONE', '不在读'], ['PRESCHOOL', '学前教育'], ['PRIMARY', '小学'], ['JUNIOR_SECONDARY', '初中'],
    ['SENIOR_SECONDARY', '普通高中'], ['VOCATIONAL', '中等职业教育'], ['TERTIARY', '高等教育']],
  certificate: [['NONE', '无残疾人证'], ['FIRST_GEN', '第一代残疾人证'], ['SECOND_GEN', '第二代残疾人证']],
  grade: [['1', '一级'], ['2', '二级'], ['3', '三级'], ['4', '四级']],
  category: [['VISUAL', '视力残疾'], ['HEARING', '听力残疾'], ['SPEECH', '言语残疾'], ['PHYSICAL', '肢体残疾'],
    ['INTELLECTUAL', '智力残疾'], ['MENTAL', '精神残疾'], ['MULTIPLE', '多重残疾']],
  medicalKind: [['INPATIENT', '住院'], ['CHRONIC_OUTPATIENT', '慢性病门诊'], ['OUTPATIENT', '普通门诊']],
};
const PERIOD = { MONTHLY: '按月', ANNUAL: '按年', ONE_OFF: '一次性' };
const MEMBER_FLAGS = [
  ['seriousIllness', '患重病'], ['chronicIllness', '患慢性病'], ['employeePension', '参加职工养老保险'],
  ['residentPensionEnrolled', '已参加城乡居民养老保险'], ['receivesBasicPension', '已领取基础养老金'],
  ['extremelyPoorSupported', '特困供养人员'], ['orphanGuarantee', '享受孤儿基本生活保障'],
  ['workInjuryNursingFee', '领取工伤保险生活护理费'],
];
const MEMBER_KEYS = ['memberId', 'birthDate', 'relation', 'laborCapacity', 'employed', 'student', 'boarding', 'disability',
  ...MEMBER_FLAGS.map(f => f[0]), 'medicalCosts'];
const HOUSEHOLD_KEYS = ['householdId', 'county', 'residence', 'povertyStatus', 'returnedDate', 'receivesDibao', 'incomes', 'housingSafety',
  'safeDrinkingWater', 'hardship', 'members'];
const MONEY_MAX = 999999999999.99;

let state = emptyHousehold();
let asOf = today();
let lastDetermination = null;
let lastHousehold = null;
let rulesetVersion = null;

// ---------- state ----------

function today() {
  // The assessment date is the date in Panzhihua (UTC+8), as the server takes it.
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  return d.toISOString().slice(0, 10);
}

function emptyHousehold() {
  return { householdId: '', county: '', residence: '', povertyStatus: '', returnedDate: '', receivesDibao: false, incomes: [],
    housingSafety: '', safeDrinkingWater: '', hardship: null, members: [emptyMember(1)] };
}

function emptyMember(n) {
  const m = { memberId: 'm' + n, birthDate: '', relation: n === 1 ? 'HEAD' : '', laborCapacity: '', employed: false,
    student: 'NONE', boarding: false,
    disability: { certificate: 'NONE', grade: '', category: '', needsLongTermCare: false }, medicalCosts: [] };
  MEMBER_FLAGS.forEach(([k]) => { m[k] = false; });
  return m;
}

function emptyMedical() {
  return { date: '', kind: '', inCounty: true, total: '', basicInsurance: '0', seriousIllnessInsurance: '0',
    otherReimbursement: '0' };
}

function text(v) {
  return v === null || v === undefined ? '' : String(v);
}

/** A household JSON (from a file) as the form holds it; fields the form does not know are kept as they are. */
function fromContract(h) {
  const s = Object.assign({}, h);
  ['householdId', 'county', 'residence', 'povertyStatus', 'returnedDate', 'housingSafety'].forEach(k => { s[k] = text(h[k]); });
  s.receivesDibao = h.receivesDibao === true;
  s.safeDrinkingWater = h.safeDrinkingWater === true ? 'true' : h.safeDrinkingWater === false ? 'false' : '';
  s.incomes = (Array.isArray(h.incomes) ? h.incomes : []).map(i => Object.assign({}, i,
    { type: text(i && i.type), annualAmount: text(i && i.annualAmount) }));
  s.hardship = h.hardship && typeof h.hardship === 'object' ? Object.assign({}, h.hardship, {
    cause: text(h.hardship.cause), date: text(h.hardship.date), uncoveredExpense: text(h.hardship.uncoveredExpense) })
    : null;
  s.members = (Array.isArray(h.members) ? h.members : []).map((m, i) => {
    const x = Object.assign(emptyMember(i + 1), m);
    ['memberId', 'birthDate', 'relation', 'laborCapacity'].forEach(k => { x[k] = text(m[k]); });
    x.student = text(m.student) || 'NONE';
    const d = m.disability && typeof m.disability === 'object' ? m.disability : {};
    x.disability = Object.assign({}, d, { certificate: text(d.certificate) || 'NONE', grade: text(d.grade),
      category: text(d.category), needsLongTermCare: d.needsLongTermCare === true });
    x.medicalCosts = (Array.isArray(m.medicalCosts) ? m.medicalCosts : []).map(c => Object.assign({}, c, {
      date: text(c.date), kind: text(c.kind), inCounty: c.inCounty === true, total: text(c.total),
      basicInsurance: text(c.basicInsurance), seriousIllnessInsurance: text(c.seriousIllnessInsurance),
      otherReimbursement: text(c.otherReimbursement) }));
    return x;
  });
  return s;
}

/** Text that is a number goes as a number; anything else goes as typed, for the server to name the field. */
function amount(raw) {
  const t = text(raw).trim();
  if (t === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

function put(obj, key, value) {
  if (value === undefined || value === '') delete obj[key]; else obj[key] = value;
}

/** The household as the contract has it: empty optional fields left out, amounts as numbers. */
function toContract(s) {
  const h = {};
  HOUSEHOLD_KEYS.forEach(k => { h[k] = undefined; });
  Object.assign(h, s);
  ['householdId', 'county', 'residence', 'povertyStatus', 'returnedDate', 'housingSafety'].forEach(k => put(h, k, text(s[k]).trim()));
  h.receivesDibao = !!s.receivesDibao;
  h.incomes = s.incomes.map(i => {
    const o = Object.assign({}, i);
    put(o, 'type', i.type);
    put(o, 'annualAmount', amount(i.annualAmount));
    return o;
  });
  put(h, 'safeDrinkingWater', s.safeDrinkingWater === 'true' ? true : s.safeDrinkingWater === 'false' ? false : undefined);
  if (s.hardship) {
    const o = Object.assign({}, s.hardship);
    put(o, 'cause', s.hardship.cause);
    put(o, 'date', text(s.hardship.date).trim());
    put(o, 'uncoveredExpense', amount(s.hardship.uncoveredExpense));
    h.hardship = o;
  } else {
    h.hardship = null;
  }
  h.members = s.members.map(m => {
    const o = {};
    MEMBER_KEYS.forEach(k => { o[k] = undefined; });
    Object.assign(o, m);
    ['memberId', 'birthDate', 'relation', 'laborCapacity'].forEach(k => put(o, k, text(m[k]).trim()));
    const d = m.disability;
    if (d.certificate === 'NONE' && !d.grade && !d.category && !d.needsLongTermCare && Object.keys(d).length <= 4) {
      delete o.disability;
    } else {
      const od = Object.assign({}, d);
      put(od, 'grade', /^\d+$/.test(text(d.grade)) ? Number(d.grade) : text(d.grade));
      put(od, 'category', d.category);
      od.needsLongTermCare = !!d.needsLongTermCare;
      o.disability = od;
    }
    o.medicalCosts = m.medicalCosts.map(c => {
      const oc = Object.assign({}, c);
      put(oc, 'date', text(c.date).trim());
      put(oc, 'kind', c.kind);
      oc.inCounty = !!c.inCounty;
      ['total', 'basicInsurance', 'seriousIllnessInsurance', 'otherReimbursement'].forEach(k => put(oc, k, amount(c[k])));
      return oc;
    });
    return o;
  });
  Object.keys(h).forEach(k => { if (h[k] === undefined) delete h[k]; });
  h.members.forEach(m => Object.keys(m).forEach(k => { if (m[k] === undefined) delete m[k]; }));
  return h;
}

/** Reads and writes state by contract path: "members[1].disability.grade". */
function pathParts(path) {
  return path.replace(/\[(\d+)\]/g, '.$1').split('.').filter(p => p !== '');
}

function getAt(path) {
  if (path === 'asOf') return asOf;
  return pathParts(path).reduce((o, k) => (o == null ? undefined : o[k]), state);
}

function setAt(path, value) {
  if (path === 'asOf') { asOf = value; return; }
  const parts = pathParts(path);
  const last = parts.pop();
  const target = parts.reduce((o, k) => o[k], state);
  target[last] = value;
}

// ---------- rendering the form ----------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => {
    if (v === null || v === undefined || v === false) return;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else el.setAttribute(k, v === true ? '' : v);
  });
  children.flat().forEach(c => { if (c !== null && c !== undefined) el.append(c); });
  return el;
}

function idFor(path) {
  return 'f-' + path.replace(/[\[\].]+/g, '-').replace(/-$/, '');
}

/** One labelled input with its error line; kind decides how typed text becomes a value and is checked. */
function field(path, label, kind, opts = {}) {
  const value = getAt(path);
  const id = idFor(path);
  let input;
  if (kind === 'select') {
    input = h('select', { id, 'data-path': path, 'data-kind': kind });
    const choices = opts.choices.slice();
    if (value && !choices.some(c => c[0] === text(value))) choices.push([text(value), text(value)]);
    if (opts.blank !== undefined) input.append(h('option', { value: '', text: opts.blank }));
    choices.forEach(([v, t]) => input.append(h('option', { value: v, text: t })));
    input.value = text(value);
  } else if (kind === 'check') {
    input = h('input', { type: 'checkbox', id, 'data-path': path, 'data-kind': kind });
    input.checked = value === true;
    return h('div', { class: 'field check', 'data-field': path },
      h('label', { for: id }, input, ' ' + label),
      h('span', { class: 'error', 'data-error-for': path, role: 'alert' }));
  } else {
    input = h('input', { type: 'text', id, 'data-path': path, 'data-kind': kind,
      inputmode: kind === 'money' ? 'decimal' : null,
      placeholder: kind === 'date' ? 'YYYY-MM-DD' : kind === 'money' ? '0.00' : null,
      maxlength: kind === 'text' ? 200 : null });
    input.value = text(value);
  }
  if (opts.required) input.setAttribute('data-required', 'true');
  return h('div', { class: 'field', 'data-field': path },
    h('label', { for: id, text: label + (opts.required ? ' *' : '') + (kind === 'money' ? '（元）' : '') }),
    input,
    h('span', { class: 'error', 'data-error-for': path, role: 'alert' }));
}

function render() {
  const asOfBox = document.getElementById('asof-fields');
  asOfBox.replaceChildren(field('asOf', '核定日期', 'date', { required: true }));

  document.getElementById('household-fields').replaceChildren(
    field('householdId', '家庭编号', 'text', { required: true }),
    field('county', '所在县（区）', 'select', { choices: OPTIONS.county, blank: '请选择', required: true }),
    field('residence', '户籍类别', 'select', { choices: OPTIONS.residence, blank: '请选择', required: true }),
    field('povertyStatus', '建档立卡状态', 'select', { choices: OPTIONS.povertyStatus, blank: '请选择', required: true }),
    field('returnedDate', '返贫日期（返贫户必填）', 'date'),
    field('housingSafety', '住房安全等级', 'select', { choices: OPTIONS.housingSafety, blank: '未评定' }),
    field('safeDrinkingWater', '饮水安全', 'select', { choices: OPTIONS.water, blank: '未评定' }),
    field('receivesDibao', '已享受低保', 'check'),
  );

  const hardshipBox = document.getElementById('hardship-fields');
  const toggle = h('input', { type: 'checkbox', id: 'hardship-toggle', 'data-action': 'toggle-hardship' });
  toggle.checked = !!state.hardship;
  const hardshipFields = state.hardship ? h('div', { class: 'grid', 'data-field': 'hardship' },
    field('hardship.cause', '困难原因', 'select', { choices: OPTIONS.hardshipCause, blank: '请选择', required: true }),
    field('hardship.date', '发生日期', 'date', { required: true }),
    field('hardship.uncoveredExpense', '未被其他救助覆盖的必需支出', 'money', { required: true }),
    h('span', { class: 'error', 'data-error-for': 'hardship', role: 'alert' })) : null;
  hardshipBox.replaceChildren(h('div', { class: 'subsection' },
    h('label', { for: 'hardship-toggle', class: 'check' }, toggle, ' 遭遇火灾、事故、疾病、自然灾害等突发困难'),
    hardshipFields));

  const incomes = document.getElementById('incomes');
  incomes.replaceChildren(...state.incomes.map((inc, i) => h('div', { class: 'row', 'data-field': `incomes[${i}]` },
    field(`incomes[${i}].type`, '收入类型', 'select', { choices: OPTIONS.incomeType, blank: '请选择', required: true }),
    field(`incomes[${i}].annualAmount`, '全年金额', 'money', { required: true }),
    h('button', { type: 'button', class: 'secondary', 'data-action': 'remove-income', 'data-index': i,
      id: `remove-income-${i}`, text: '删除' }),
    h('span', { class: 'error', 'data-error-for': `incomes[${i}]`, role: 'alert' }))));
  if (state.incomes.length === 0) incomes.append(h('p', { class: 'hint', text: '尚未填写收入。' }));

  const members = document.getElementById('members');
  members.replaceChildren(...state.members.map((m, i) => memberCard(m, i)));
  members.append(h('span', { class: 'error', 'data-error-for': 'members', role: 'alert' }));
}

function memberCard(m, i) {
  const p = `members[${i}]`;
  const certified = m.disability.certificate && m.disability.certificate !== 'NONE';
  const costs = m.medicalCosts.map((c, j) => {
    const cp = `${p}.medicalCosts[${j}]`;
    return h('div', { class: 'row medical', 'data-field': cp },
      field(`${cp}.date`, '就诊日期', 'date', { required: true }),
      field(`${cp}.kind`, '类别', 'select', { choices: OPTIONS.medicalKind, blank: '请选择', required: true }),
      field(`${cp}.total`, '医疗总费用', 'money', { required: true }),
      field(`${cp}.basicInsurance`, '基本医保报销', 'money', { required: true }),
      field(`${cp}.seriousIllnessInsurance`, '大病保险报销', 'money', { required: true }),
      field(`${cp}.otherReimbursement`, '其他报销', 'money', { required: true }),
      field(`${cp}.inCounty`, '县域内就医', 'check'),
      h('button', { type: 'button', class: 'secondary', 'data-action': 'remove-medical', 'data-member': i,
        'data-index': j, id: `remove-medical-${i}-${j}`, text: '删除该笔费用' }),
      h('span', { class: 'error', 'data-error-for': cp, role: 'alert' }));
  });
  return h('fieldset', { class: 'member', 'data-field': p, 'data-member-index': i },
    h('legend', {}, `成员 ${i + 1}`,
      h('button', { type: 'button', class: 'secondary small', 'data-action': 'remove-member', 'data-index': i,
        id: `remove-member-${i}`, text: '删除该成员', disabled: state.members.length === 1 })),
    h('span', { class: 'error', 'data-error-for': p, role: 'alert' }),
    h('div', { class: 'grid' },
      field(`${p}.memberId`, '成员编号', 'text', { required: true }),
      field(`${p}.birthDate`, '出生日期', 'date', { required: true }),
      field(`${p}.relation`, '与户主关系', 'select', { choices: OPTIONS.relation, blank: '未填写' }),
      field(`${p}.laborCapacity`, '劳动能力', 'select', { choices: OPTIONS.laborCapacity, blank: '未评定（16–59 周岁必填）' }),
      field(`${p}.student`, '在读情况', 'select', { choices: OPTIONS.student }),
      field(`${p}.employed`, '在职就业', 'check'),
      field(`${p}.boarding`, '寄宿生', 'check')),
    h('div', { class: 'subsection' }, h('h4', { text: '残疾情况' }),
      h('div', { class: 'grid', 'data-field': `${p}.disability` },
        field(`${p}.disability.certificate`, '残疾人证', 'select', { choices: OPTIONS.certificate }),
        field(`${p}.disability.grade`, '残疾等级', 'select', { choices: OPTIONS.grade, blank: '未填写', required: certified }),
        field(`${p}.disability.category`, '残疾类别', 'select', { choices: OPTIONS.category, blank: '未填写', required: certified }),
        field(`${p}.disability.needsLongTermCare`, '需要长期照护', 'check'),
        h('span', { class: 'error', 'data-error-for': `${p}.disability`, role: 'alert' }))),
    h('div', { class: 'subsection' }, h('h4', { text: '健康与社会保障' }),
      h('div', { class: 'flags' }, ...MEMBER_FLAGS.map(([k, label]) => field(`${p}.${k}`, label, 'check')))),
    h('div', { class: 'subsection' }, h('h4', { text: '本年度医疗费用' }),
      h('div', { 'data-field': `${p}.medicalCosts` }, ...costs,
        h('span', { class: 'error', 'data-error-for': `${p}.medicalCosts`, role: 'alert' })),
      h('button', { type: 'button', 'data-action': 'add-medical', 'data-member': i, id: `add-medical-${i}`,
        text: '添加一笔医疗费用' })));
}

// ---------- checking while typing ----------

function validDate(t) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t)) return false;
  const d = new Date(t + 'T00:00:00Z');
  return !isNaN(d) && d.toISOString().slice(0, 10) === t;
}

/** The Chinese message for what is wrong with one input, or '' when it is fine. */
function check(input) {
  const kind = input.dataset.kind;
  if (kind === 'check') return '';
  const t = input.value.trim();
  if (t === '') return input.dataset.required === 'true' ? '必填项，不能为空' : '';
  if (kind === 'date' && !validDate(t)) return '日期格式应为 YYYY-MM-DD，且须是真实日期';
  if (kind === 'money') {
    if (/^-\d+(\.\d+)?$/.test(t)) return '金额不能为负数';
    if (!/^\d+(\.\d+)?$/.test(t)) return '请填写数字金额（元）';
    if (/\.\d{3,}$/.test(t)) return '金额最多两位小数（元、角、分）';
    if (Number(t) > MONEY_MAX) return '金额过大';
  }
  return '';
}

function showError(path, message, fromServer) {
  const span = document.querySelector(`[data-error-for="${cssEscape(path)}"]`);
  if (!span) return false;
  span.textContent = message;
  span.classList.toggle('server', !!fromServer);
  const input = document.querySelector(`[data-path="${cssEscape(path)}"]`);
  if (input) input.classList.toggle('invalid', message !== '');
  const box = span.closest('[data-field]');
  if (box) box.classList.toggle('has-error', message !== '');
  return true;
}

function cssEscape(s) {
  return s.replace(/["\\]/g, '\\$&');
}

function validateAll() {
  let bad = 0;
  document.querySelectorAll('#household-form [data-path]').forEach(input => {
    const msg = check(input);
    showError(input.dataset.path, msg, false);
    if (msg) bad++;
  });
  return bad;
}

/** The nearest place on the form for a server path: the field itself, else its row, member or section. */
function placeFor(path) {
  let p = path;
  while (p) {
    if (document.querySelector(`[data-error-for="${cssEscape(p)}"]`)) return p;
    const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
    p = cut > 0 ? p.slice(0, cut) : '';
  }
  return null;
}

/** "成员 2 · 劳动能力": where a path is, in words a caseworker reads. */
function describePath(path) {
  const place = placeFor(path);
  const parts = [];
  const m = /^members\[(\d+)\]/.exec(path);
  if (m) parts.push(`成员 ${Number(m[1]) + 1}`);
  const c = /medicalCosts\[(\d+)\]/.exec(path);
  if (c) parts.push(`第 ${Number(c[1]) + 1} 笔医疗费用`);
  const inc = /^incomes\[(\d+)\]/.exec(path);
  if (inc) parts.push(`第 ${Number(inc[1]) + 1} 项收入`);
  const label = place && document.querySelector(`label[for="${idFor(place)}"]`);
  if (label && place === path) parts.push(label.textContent.replace(/[ *]|（元）/g, ''));
  if (!place || place !== path) parts.push(path === '$' ? '整体' : `字段 ${path}`);
  return parts.join(' · ');
}

function showServerErrors(errors) {
  const list = document.getElementById('error-list');
  list.replaceChildren();
  errors.forEach(e => {
    const place = placeFor(e.path);
    if (place) {
      const span = document.querySelector(`[data-error-for="${cssEscape(place)}"]`);
      const msg = span.classList.contains('server') && span.textContent ? span.textContent + '；' + e.messageZh : e.messageZh;
      showError(place, msg, true);
    }
    list.append(h('li', { 'data-error-path': e.path },
      h('a', { href: '#' + (place ? idFor(place) : 'household-form'), text: describePath(e.path) }), '：' + e.messageZh));
  });
  document.getElementById('error-summary').hidden = errors.length === 0;
}

function clearServerErrors() {
  document.querySelectorAll('.error.server').forEach(span => {
    span.textContent = '';
    span.classList.remove('server');
  });
  document.querySelectorAll('.has-error').forEach(b => b.classList.remove('has-error'));
  document.querySelectorAll('.invalid').forEach(b => b.classList.remove('invalid'));
  document.getElementById('error-summary').hidden = true;
}

// ---------- events ----------

const form = document.getElementById('household-form');

function onEdit(ev) {
  const input = ev.target;
  const path = input.dataset && input.dataset.path;
  if (!path) return;
  setAt(path, input.dataset.kind === 'check' ? input.checked : input.value);
  showError(path, check(input), false);
  // A certificate makes grade and category required: the form shows that at once.
  if (/\.disability\.certificate$/.test(path)) render();
}

form.addEventListener('input', onEdit);
form.addEventListener('change', onEdit);

form.addEventListener('click', ev => {
  const b = ev.target.closest('[data-action]');
  if (!b) return;
  const i = Number(b.dataset.index);
  switch (b.dataset.action) {
    case 'remove-income': state.incomes.splice(i, 1); break;
    case 'remove-member': if (state.members.length > 1) state.members.splice(i, 1); break;
    case 'add-medical': state.members[Number(b.dataset.member)].medicalCosts.push(emptyMedical()); break;
    case 'remove-medical': state.members[Number(b.dataset.member)].medicalCosts.splice(i, 1); break;
    case 'toggle-hardship':
      state.hardship = b.checked ? { cause: '', date: '', uncoveredExpense: '' } : null; break;
    default: return;
  }
  render();
});

document.getElementById('add-income').addEventListener('click', () => {
  state.incomes.push({ type: '', annualAmount: '' });
  render();
});

document.getElementById('add-member').addEventListener('click', () => {
  const ids = new Set(state.members.map(m => m.memberId));
  let n = state.members.length + 1;
  while (ids.has('m' + n)) n++;
  state.members.push(emptyMember(n));
  render();
});

form.addEventListener('submit', async ev => {
  ev.preventDefault();
  clearServerErrors();
  const message = document.getElementById('submit-message');
  const bad = validateAll();
  if (bad > 0) {
    message.textContent = `有 ${bad} 处填写有误，请按提示更正后再核定。`;
    message.className = 'message bad';
    return;
  }
  message.textContent = '正在核定…';
  message.className = 'message';
  const household = toContract(state);
  let response;
  let body;
  try {
    response = await fetch('api/v1/determinations?asOf=' + encodeURIComponent(asOf.trim()), {
      method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json, application/problem+json',
        'X-Requested-With': 'XMLHttpRequest', 'X-XSRF-TOKEN': csrfToken() },
      body: JSON.stringify(household) });
    if (response.status === 401) {
      signedOut();
      return;
    }
    body = await response.json();
  } catch (e) {
    message.textContent = '无法连接核定服务，请稍后重试。';
    message.className = 'message bad';
    return;
  }
  if (response.ok) {
    message.textContent = '核定完成。';
    message.className = 'message good';
    showResult(household, body);
  } else if (response.status === 400 && Array.isArray(body.errors)) {
    document.getElementById('result').hidden = true;
    message.textContent = `服务器发现 ${body.errors.length} 处错误，已在相应栏目旁标出。`;
    message.className = 'message bad';
    showServerErrors(body.errors);
  } else {
    document.getElementById('result').hidden = true;
    message.textContent = '核定失败（' + response.status + '）：' + (body.title || '') + ' ' + (body.detail || '');
    message.className = 'message bad';
  }
});

// ---------- the result ----------

function yuan(n) {
  const v = Number(n);
  return v.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) + ' 元';
}

function fixed(n) {
  return Number(n).toFixed(2);
}

function who(memberId) {
  return memberId ? '成员 ' + memberId : '全户';
}

function showResult(household, d) {
  lastDetermination = d;
  lastHousehold = household;
  document.getElementById('result-household').textContent = d.householdId;
  document.getElementById('result-asof').textContent = d.asOf;
  document.getElementById('result-version').textContent = d.ruleset.version;

  const rows = d.entitlements.map(e => h('tr', { 'data-code': e.code, 'data-member': e.memberId || '',
    'data-cost-item': e.costItem === undefined || e.costItem === null ? null : String(e.costItem) },
  h('td', { text: e.name || e.code }),
  h('td', { text: who(e.memberId) + (e.costItem !== undefined && e.costItem !== null ? `（第 ${e.costItem + 1} 笔费用）` : '') }),
  h('td', { class: 'amount', 'data-amount': fixed(e.amount), text: yuan(e.amount) }),
  h('td', { text: PERIOD[e.period] || e.period }),
  h('td', { class: 'clause', text: e.clause }),
  h('td', { class: 'explanation', text: e.explanation })));
  document.querySelector('#entitlements tbody').replaceChildren(...rows);
  document.getElementById('entitlements').hidden = rows.length === 0;
  document.getElementById('no-entitlements').hidden = rows.length > 0;

  document.getElementById('total-monthly').textContent = yuan(d.totals.monthly);
  document.getElementById('total-monthly').dataset.amount = fixed(d.totals.monthly);
  document.getElementById('total-annual').textContent = yuan(d.totals.annual);
  document.getElementById('total-annual').dataset.amount = fixed(d.totals.annual);
  document.getElementById('total-oneoff').textContent = yuan(d.totals.oneOff);
  document.getElementById('total-oneoff').dataset.amount = fixed(d.totals.oneOff);

  const adv = d.advisories.map(a => h('li', { 'data-code': a.code, 'data-member': a.memberId || '' },
    h('strong', { text: (a.name || a.code) + '（' + who(a.memberId) + '，条款 ' + a.clause + '）' }), '：' + a.message));
  document.getElementById('advisories').replaceChildren(...adv);
  document.getElementById('no-advisories').hidden = adv.length > 0;

  const ng = d.notGranted.map(n => h('li', { 'data-code': n.code, 'data-member': n.memberId || '' },
    h('strong', { text: (n.name || n.code) + '（' + who(n.memberId) + '，条款 ' + n.clause + '）' }),
    h('ul', {}, ...n.reasons.map(r => h('li', { text: r })))));
  document.getElementById('not-granted').replaceChildren(...ng);
  document.getElementById('no-not-granted').hidden = ng.length > 0;

  document.getElementById('result').hidden = false;
  buildNotice(household, d);
  document.getElementById('result').scrollIntoView({ block: 'start' });
}

function label(choices, value) {
  const f = OPTIONS[choices].find(c => c[0] === text(value));
  return f ? f[1] : text(value);
}

function disabilityText(d) {
  if (!d || !d.certificate || d.certificate === 'NONE') return '无';
  return `${label('certificate', d.certificate)} ${label('category', d.category)} ${label('grade', d.grade)}`
    + (d.needsLongTermCare ? '，需长期照护' : '');
}

/** The printed notice: what was entered and what was determined, on A4, with the rules that decided it. */
function buildNotice(hh, d) {
  const notice = document.getElementById('notice');
  const members = h('table', { class: 'data' },
    h('thead', {}, h('tr', {}, ...['成员编号', '与户主关系', '出生日期', '劳动能力', '在读情况', '残疾情况']
      .map(t => h('th', { text: t })))),
    h('tbody', {}, ...hh.members.map(m => h('tr', {},
      h('td', { text: m.memberId }), h('td', { text: label('relation', m.relation) || '—' }),
      h('td', { text: m.birthDate }), h('td', { text: m.laborCapacity ? label('laborCapacity', m.laborCapacity) : '—' }),
      h('td', { text: label('student', m.student || 'NONE') }), h('td', { text: disabilityText(m.disability) })))));
  const grants = d.entitlements.length === 0 ? h('p', { text: '经核定，该户本次无应发放的救助待遇。' })
    : h('table', { class: 'data' },
      h('thead', {}, h('tr', {}, ...['待遇项目', '对象', '金额', '发放周期', '政策条款'].map(t => h('th', { text: t })))),
      h('tbody', {}, ...d.entitlements.map(e => h('tr', {},
        h('td', { text: e.name || e.code }), h('td', { text: who(e.memberId) }),
        h('td', { class: 'num', text: yuan(e.amount) }), h('td', { text: PERIOD[e.period] || e.period }),
        h('td', { text: e.clause })))));
  const printedOn = today();
  notice.replaceChildren(
    h('h1', { text: '救助待遇核定告知书' }),
    h('p', { class: 'notice-no', text: '编号：' + d.householdId + '-' + d.asOf.replaceAll('-', '') }),
    h('p', { text: `家庭编号 ${hh.householdId}（${hh.county || ''}，${label('residence', hh.residence)}户籍，`
      + `${label('povertyStatus', hh.povertyStatus)}，共 ${hh.members.length} 人）：` }),
    h('p', { class: 'indent', text: `根据《攀枝花市脱贫攻坚成果巩固提升指导意见》（攀脱贫领发〔2019〕2号）及相关标准，`
      + `经按 ${d.asOf} 的政策标准核定，现将你户救助待遇核定结果告知如下。` }),
    h('h2', { text: '一、家庭成员' }), members,
    h('h2', { text: '二、核定的救助待遇' }), grants,
    h('p', { class: 'totals-line', text: `合计：每月 ${yuan(d.totals.monthly)}；每年 ${yuan(d.totals.annual)}；`
      + `一次性 ${yuan(d.totals.oneOff)}。` }),
    h('h2', { text: '三、未予核定的待遇' }),
    d.notGranted.length === 0 ? h('p', { text: '无。' }) : h('ul', {}, ...d.notGranted.map(n =>
      h('li', { text: `${n.name || n.code}（${who(n.memberId)}）：${n.reasons.join('；')}` }))),
    h('h2', { text: '四、后续办理事项' }),
    d.advisories.length === 0 ? h('p', { text: '无。' }) : h('ol', {}, ...d.advisories.map(a =>
      h('li', { text: `${a.name || a.code}（${who(a.memberId)}）：${a.message}` }))),
    h('p', { class: 'indent', text: '如对本核定结果有异议，可向所在县（区）民政部门申请复核。' }),
    h('p', { class: 'meta', text: `核定日期：${d.asOf}　　规则版本：${d.ruleset.version}　　打印日期：${printedOn}` }),
    h('div', { class: 'signatures' },
      h('div', { text: '经办人（签字）：' }), h('div', { text: '审核人（签字）：' }),
      h('div', { text: '核定单位（盖章）：' }), h('div', { text: '申请人签收：　　　　年　　月　　日' })));
}

document.getElementById('print-notice').addEventListener('click', () => window.print());

// ---------- files ----------

const fileMessage = document.getElementById('file-message');

document.getElementById('load-file').addEventListener('change', ev => {
  const file = ev.target.files[0];
  if (!file) return;
  const reader = new FileReader();
  reader.onload = () => {
    let data;
    try {
      data = JSON.parse(reader.result);
    } catch (e) {
      fileMessage.textContent = `文件“${file.name}”不是有效的 JSON，未载入。`;
      fileMessage.className = 'message bad';
      return;
    }
    if (!data || typeof data !== 'object' || Array.isArray(data)) {
      fileMessage.textContent = `文件“${file.name}”不是一户家庭信息，未载入。`;
      fileMessage.className = 'message bad';
      return;
    }
    if (typeof data.asOf === 'string') asOf = data.asOf;
    delete data.asOf;
    state = fromContract(data);
    if (state.members.length === 0) state.members.push(emptyMember(1));
    clearServerErrors();
    document.getElementById('result').hidden = true;
    render();
    validateAll();
    fileMessage.textContent = `已载入“${file.name}”（${state.members.length} 名成员）。`;
    fileMessage.className = 'message good';
    ev.target.value = '';
  };
  reader.readAsText(file, 'UTF-8');
});

document.getElementById('save-json').addEventListener('click', () => {
  const household = toContract(state);
  const blob = new Blob([JSON.stringify(household, null, 2) + '\n'], { type: 'application/json' });
  const a = h('a', { href: URL.createObjectURL(blob), download: `household-${household.householdId || '未编号'}.json` });
  document.body.append(a);
  a.click();
  a.remove();
  fileMessage.textContent = '已保存当前家庭信息。';
  fileMessage.className = 'message good';
});

document.getElementById('clear-form').addEventListener('click', () => {
  state = emptyHousehold();
  asOf = today();
  clearServerErrors();
  document.getElementById('result').hidden = true;
  render();
});

// ---------- start ----------

async function loadRuleset() {
  const el = document.getElementById('ruleset-version');
  try {
    const r = await fetch('api/v1/ruleset', { headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' } });
    if (r.status === 401) {
      signedOut();
      return;
    }
    if (!r.ok) {
      el.textContent = '规则未加载，暂不能核定（请联系系统管理员）';
      el.className = 'bad';
      return;
    }
    const rs = await r.json();
    rulesetVersion = rs.version;
    el.textContent = `${rs.version}（${rs.ruleCount} 条规则，加载于 ${new Date(rs.loadedAt).toLocaleString('zh-CN')}）`;
  } catch (e) {
    el.textContent = '无法连接核定服务';
    el.className = 'bad';
  }
}

// The session ended (timeout, sign-out in another tab): back to the sign-in page, which returns here.
function signedOut() {
  window.location.href = 'login';
}

// ---------- reload status: the banner of a refused reload ----------

const RELOAD_POLL_MS = 5000;

function problemLine(p) {
  const where = p.file + (p.line > 0 ? '：第 ' + p.line + ' 行' : '');
  return `${where}：${p.message}`;
}

function showReloadBanner(status) {
  const banner = document.getElementById('reload-banner');
  const refused = status.lastRefused;
  if (status.servingVersion && status.servingVersion !== rulesetVersion) {
    loadRuleset();
  }
  if (!refused) {
    banner.hidden = true;
    banner.dataset.refused = '';
    return;
  }
  const items = [];
  for (const p of refused.problems.filter(p => p.severity === 'error')) {
    items.push(h('li', { class: 'reload-problem' }, problemLine(p)));
  }
  for (const c of refused.failedCases) {
    items.push(h('li', { class: 'reload-case' }, `测试案例 ${c.file}（${c.name}）未通过：${c.failures.join('；')}`));
  }
  const when = new Date(refused.startedAt).toLocaleString('zh-CN');
  banner.replaceChildren(
    h('strong', {}, `规则修改未生效（${when}）：仍在使用版本 ${refused.servingVersion || '（无）'}。请政策科室更正以下问题：`),
    h('ul', {}, ...items));
  banner.dataset.refused = refused.startedAt;
  banner.hidden = false;
}

async function pollReload() {
  try {
    const r = await fetch('api/v1/ruleset/reload', { headers: { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' } });
    if (r.status === 401) {
      signedOut();
      return;
    }
    if (r.ok) {
      showReloadBanner(await r.json());
    }
  } catch (e) {
    // The service is unreachable for a moment: the next poll tries again.
  }
  setTimeout(pollReload, RELOAD_POLL_MS);
}

render();
loadRuleset();
pollReload();
document.body.dataset.ready = 'true';
