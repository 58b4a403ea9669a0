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
const MEMBER_KEYS = ['memberId', 'name', 'idNumber', 'birthDate', 'relation', 'laborCapacity', 'employed', 'student', 'boarding', 'disability',
  ...MEMBER_FLAGS.map(f => f[0]), 'medicalCosts'];
const HOUSEHOLD_KEYS = ['householdId', 'county', 'address', 'phone', 'residence', 'povertyStatus', 'returnedDate', 'receivesDibao', 'incomes', 'housingSafety',
  'safeDrinkingWater', 'hardship', 'members'];
const MONEY_MAX = 999999999999.99;

let state = emptyHousehold();
let asOf = today();
let rulesetVersion = null;
// The register: the household opened (id and the version the edit started from), what was saved or opened, and
// the result on screen with the facts it was made from (the stale guard compares them).
let current = null;
let savedSnapshot = null;
let shown = null;

// ---------- state ----------

function today() {
  // The assessment date is the date in Panzhihua (UTC+8), as the server takes it.
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  return d.toISOString().slice(0, 10);
}

function emptyHousehold() {
  return { householdId: '', county: '', address: { township: '', village: '', detail: '' }, phone: '', residence: '', povertyStatus: '', returnedDate: '', receivesDibao: false, incomes: [],
    housingSafety: '', safeDrinkingWater: '', hardship: null, members: [emptyMember(1)] };
}

function emptyMember(n) {
  const m = { memberId: 'm' + n, name: '', idNumber: '', birthDate: '', relation: n === 1 ? 'HEAD' : '', laborCapacity: '', employed: false,
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
  const a = h.address && typeof h.address === 'object' ? h.address : {};
  s.address = Object.assign({}, a, { township: text(a.township), village: text(a.village), detail: text(a.detail) });
  s.phone = text(h.phone);
  s.safeDrinkingWater = h.safeDrinkingWater === true ? 'true' : h.safeDrinkingWater === false ? 'false' : '';
  s.incomes = (Array.isArray(h.incomes) ? h.incomes : []).map(i => Object.assign({}, i,
    { type: text(i && i.type), annualAmount: text(i && i.annualAmount) }));
  s.hardship = h.hardship && typeof h.hardship === 'object' ? Object.assign({}, h.hardship, {
    cause: text(h.hardship.cause), date: text(h.hardship.date), uncoveredExpense: text(h.hardship.uncoveredExpense) })
    : null;
  s.members = (Array.isArray(h.members) ? h.members : []).map((m, i) => {
    const x = Object.assign(emptyMember(i + 1), m);
    ['memberId', 'name', 'idNumber', 'birthDate', 'relation', 'laborCapacity'].forEach(k => { x[k] = text(m[k]); });
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
  const addr = Object.assign({}, s.address);
  ['township', 'village', 'detail'].forEach(k => put(addr, k, text(s.address && s.address[k]).trim()));
  if (Object.keys(addr).length) h.address = addr; else delete h.address;
  put(h, 'phone', text(s.phone).trim());
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
    ['memberId', 'name', 'idNumber', 'birthDate', 'relation', 'laborCapacity'].forEach(k => put(o, k, text(m[k]).trim()));
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

/** The facts alone, as the stateless trial calculation reads them: no address, phone, names or identity numbers. */
function toTrial(h) {
  const t = Object.assign({}, h);
  delete t.address;
  delete t.phone;
  t.members = h.members.map(m => {
    const o = Object.assign({}, m);
    delete o.name;
    delete o.idNumber;
    return o;
  });
  return t;
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
      h('span', { class: 'error', id: id + '-error', 'data-error-for': path }));
  } else if (kind === 'pick') {
    // Typing filters the list (datalist); what is kept is the code of the entry picked.
    input = h('input', { type: 'text', id, 'data-path': path, 'data-kind': kind, 'data-choices': opts.choices,
      list: 'dl-' + opts.choices, autocomplete: 'off', maxlength: 40 });
    input.value = pickLabel(opts.choices, value);
  } else {
    input = h('input', { type: 'text', id, 'data-path': path, 'data-kind': kind,
      inputmode: kind === 'money' ? 'decimal' : null,
      placeholder: kind === 'date' ? 'YYYY-MM-DD' : kind === 'money' ? '0.00' : null,
      maxlength: kind === 'text' ? 200 : null });
    input.value = text(value);
  }
  if (opts.required) {
    input.setAttribute('data-required', 'true');
    input.setAttribute('aria-required', 'true');
  }
  if (opts.register) input.setAttribute('data-register', 'true');
  if (opts.hint) input.setAttribute('aria-describedby', id + '-hint');
  return h('div', { class: 'field', 'data-field': path },
    h('label', { for: id, text: label + (opts.required ? ' *' : '') + (kind === 'money' ? '（元）' : '') }),
    input,
    opts.hint ? h('span', { class: 'field-hint', id: id + '-hint', text: opts.hint }) : null,
    h('span', { class: 'error', id: id + '-error', 'data-error-for': path }));
}

function pickLabel(choices, value) {
  const f = OPTIONS[choices].find(c => c[0] === text(value));
  return f ? f[1] : text(value);
}

/** The code for what was typed in a list field: its label or its code; '' for empty; null if not in the list. */
function pickCode(choices, typed) {
  const t = text(typed).trim();
  if (t === '') return '';
  const f = OPTIONS[choices].find(c => c[1] === t || c[0] === t);
  return f ? f[0] : null;
}

/** Typing part of an entry picks it when only that entry fits: "仁和" → 仁和区, "孙" → 孙子女, "sp" → SPOUSE. */
function pickUnique(choices, typed) {
  const t = text(typed).trim().toLowerCase();
  if (t === '') return null;
  const fits = OPTIONS[choices].filter(([code, label]) => label.includes(t) || code.toLowerCase().startsWith(t));
  return fits.length === 1 ? fits[0] : null;
}

function datalists() {
  return ['county', 'relation', 'incomeType'].map(k => h('datalist', { id: 'dl-' + k },
    ...OPTIONS[k].map(([, t]) => h('option', { value: t }))));
}

/**
 * Redraws the form from state. Focus is never dropped to the page body: it goes to focusId when the caller names
 * where the new content is, else back to the control that had it (same id after the redraw).
 */
function render(focusId) {
  const active = document.activeElement && document.activeElement.id;
  drawForm();
  const target = document.getElementById(focusId || active || '');
  if (target && target !== document.activeElement && form.contains(target)) target.focus();
  updateStale();
}

function drawForm() {
  document.getElementById('form-datalists').replaceChildren(...datalists());
  const asOfBox = document.getElementById('asof-fields');
  asOfBox.replaceChildren(field('asOf', '核定日期', 'date', { required: true }));

  document.getElementById('household-fields').replaceChildren(
    field('householdId', '家庭编号', 'text', { required: true }),
    field('county', '所在县（区）', 'pick', { choices: 'county', required: true, hint: '输入文字可筛选，如“仁和”' }),
    field('address.township', '乡镇（街道）', 'text', { required: true, register: true }),
    field('address.village', '村（社区）', 'text', { required: true, register: true }),
    field('address.detail', '详细地址', 'text'),
    field('phone', '联系电话', 'text'),
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
    h('span', { class: 'error', 'data-error-for': 'hardship' })) : null;
  hardshipBox.replaceChildren(h('div', { class: 'subsection' },
    h('label', { for: 'hardship-toggle', class: 'check' }, toggle, ' 遭遇火灾、事故、疾病、自然灾害等突发困难'),
    hardshipFields));

  const incomes = document.getElementById('incomes');
  incomes.replaceChildren(...state.incomes.map((inc, i) => h('div', { class: 'row', 'data-field': `incomes[${i}]` },
    field(`incomes[${i}].type`, '收入类型', 'pick', { choices: 'incomeType', required: true }),
    field(`incomes[${i}].annualAmount`, '全年金额', 'money', { required: true }),
    h('button', { type: 'button', class: 'secondary', 'data-action': 'remove-income', 'data-index': i,
      id: `remove-income-${i}`, text: '删除', 'aria-label': `删除第 ${i + 1} 项收入` }),
    h('span', { class: 'error', 'data-error-for': `incomes[${i}]` }))));
  if (state.incomes.length === 0) incomes.append(h('p', { class: 'hint', text: '尚未填写收入。' }));

  const members = document.getElementById('members');
  members.replaceChildren(...state.members.map((m, i) => memberCard(m, i)));
  members.append(h('span', { class: 'error', 'data-error-for': 'members' }));
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
        'data-index': j, id: `remove-medical-${i}-${j}`, text: '删除该笔费用',
        'aria-label': `删除成员 ${i + 1} 的第 ${j + 1} 笔医疗费用` }),
      h('span', { class: 'error', 'data-error-for': cp }));
  });
  return h('fieldset', { class: 'member', 'data-field': p, 'data-member-index': i },
    h('legend', {}, `成员 ${i + 1}`,
      h('button', { type: 'button', class: 'secondary small', 'data-action': 'remove-member', 'data-index': i,
        id: `remove-member-${i}`, text: '删除该成员', 'aria-label': `删除成员 ${i + 1}`,
        disabled: state.members.length === 1 })),
    h('span', { class: 'error', 'data-error-for': p }),
    h('div', { class: 'grid' },
      field(`${p}.name`, '姓名', 'text', { required: true, register: true }),
      field(`${p}.idNumber`, '公民身份号码', 'text'),
      field(`${p}.relation`, '与户主关系', 'pick', { choices: 'relation', required: true, register: true }),
      field(`${p}.memberId`, '成员编号', 'text', { required: true }),
      field(`${p}.birthDate`, '出生日期', 'date', { required: true }),
      field(`${p}.laborCapacity`, '劳动能力', 'select', { choices: OPTIONS.laborCapacity, blank: '未评定（16–59 周岁必填）' }),
      field(`${p}.student`, '在读情况', 'select', { choices: OPTIONS.student }),
      field(`${p}.employed`, '在职就业', 'check'),
      field(`${p}.boarding`, '寄宿生', 'check')),
    h('div', { class: 'subsection' }, h('h3', { text: '残疾情况' }),
      h('div', { class: 'grid', 'data-field': `${p}.disability` },
        field(`${p}.disability.certificate`, '残疾人证', 'select', { choices: OPTIONS.certificate }),
        field(`${p}.disability.grade`, '残疾等级', 'select', { choices: OPTIONS.grade, blank: '未填写', required: certified }),
        field(`${p}.disability.category`, '残疾类别', 'select', { choices: OPTIONS.category, blank: '未填写', required: certified }),
        field(`${p}.disability.needsLongTermCare`, '需要长期照护', 'check'),
        h('span', { class: 'error', 'data-error-for': `${p}.disability` }))),
    h('div', { class: 'subsection' }, h('h3', { text: '健康与社会保障' }),
      h('div', { class: 'flags' }, ...MEMBER_FLAGS.map(([k, label]) => field(`${p}.${k}`, label, 'check')))),
    h('div', { class: 'subsection' }, h('h3', { text: '本年度医疗费用' }),
      h('div', { 'data-field': `${p}.medicalCosts` }, ...costs,
        h('span', { class: 'error', 'data-error-for': `${p}.medicalCosts` })),
      h('button', { type: 'button', 'data-action': 'add-medical', 'data-member': i, id: `add-medical-${i}`,
        text: '添加一笔医疗费用', 'aria-label': `为成员 ${i + 1} 添加一笔医疗费用` })));
}

// ---------- checking while typing ----------

function validDate(t) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(t)) return false;
  const d = new Date(t + 'T00:00:00Z');
  return !isNaN(d) && d.toISOString().slice(0, 10) === t;
}

/** The Chinese message for what is wrong with one input, or '' when it is fine. */
function check(input, trial, typing) {
  const kind = input.dataset.kind;
  if (kind === 'check') return '';
  const t = input.value.trim();
  if (t === '') return input.dataset.required === 'true' && !(trial && input.dataset.register) ? '必填项，不能为空' : '';
  if (kind === 'pick' && !typing && pickCode(input.dataset.choices, t) === null) return '请从列表中选择（输入文字可筛选）';
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
  if (input) {
    input.classList.toggle('invalid', message !== '');
    // A screen reader hears the message with the field: aria-describedby names it (and the hint, if any).
    const described = (input.getAttribute('aria-describedby') || '').split(' ').filter(x => x && x !== span.id);
    if (message !== '') {
      input.setAttribute('aria-invalid', 'true');
      if (span.id) described.push(span.id);
    } else {
      input.removeAttribute('aria-invalid');
    }
    if (described.length) input.setAttribute('aria-describedby', described.join(' '));
    else input.removeAttribute('aria-describedby');
  }
  const box = span.closest('[data-field]');
  if (box) box.classList.toggle('has-error', message !== '');
  return true;
}

function cssEscape(s) {
  return s.replace(/["\\]/g, '\\$&');
}

/** Checks every input; on errors lists them in the summary and moves focus there. Returns the count. */
function validateAll(trial, quiet) {
  const list = [];
  document.querySelectorAll('#household-form [data-path]').forEach(input => {
    const msg = check(input, trial, false);
    showError(input.dataset.path, msg, false);
    if (msg) list.push({ path: input.dataset.path, messageZh: msg });
  });
  if (list.length && !quiet) showSummary(list);
  return list.length;
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

/** The error summary above the form: each error a link to its field; shown and focused, so it is read first. */
function showSummary(errors) {
  const list = document.getElementById('error-list');
  list.replaceChildren(...errors.map(e => {
    const place = placeFor(e.path);
    return h('li', { 'data-error-path': e.path },
      h('a', { href: '#' + (place ? idFor(place) : 'household-form'), 'data-focus': place ? idFor(place) : '',
        text: describePath(e.path) }), '：' + e.messageZh);
  }));
  const summary = document.getElementById('error-summary');
  summary.hidden = errors.length === 0;
  if (errors.length) summary.focus();
}

function showServerErrors(errors) {
  errors.forEach(e => {
    const place = placeFor(e.path);
    if (place) {
      const span = document.querySelector(`[data-error-for="${cssEscape(place)}"]`);
      const msg = span.classList.contains('server') && span.textContent ? span.textContent + '；' + e.messageZh : e.messageZh;
      showError(place, msg, true);
    }
  });
  showSummary(errors);
}

function clearServerErrors() {
  document.querySelectorAll('.error.server').forEach(span => {
    span.textContent = '';
    span.classList.remove('server');
  });
  document.querySelectorAll('.has-error').forEach(b => b.classList.remove('has-error'));
  document.querySelectorAll('.invalid').forEach(b => b.classList.remove('invalid'));
  document.querySelectorAll('[aria-invalid]').forEach(b => b.removeAttribute('aria-invalid'));
  document.getElementById('error-summary').hidden = true;
}

document.getElementById('error-list').addEventListener('click', ev => {
  const a = ev.target.closest('a[data-focus]');
  const target = a && a.dataset.focus && document.getElementById(a.dataset.focus);
  if (target) {
    ev.preventDefault();
    target.focus();
  }
});

// ---------- events ----------

const form = document.getElementById('household-form');

function onEdit(ev) {
  const input = ev.target;
  const path = input.dataset && input.dataset.path;
  if (!path) return;
  let value = input.dataset.kind === 'check' ? input.checked : input.value;
  if (input.dataset.kind === 'pick') {
    let code = pickCode(input.dataset.choices, value);
    if (ev.type === 'change') {
      // Leaving the field settles it: a unique partial match is taken, and a code typed shows as its words.
      const unique = code === null ? pickUnique(input.dataset.choices, value) : null;
      if (unique) code = unique[0];
      if (code) input.value = pickLabel(input.dataset.choices, code);
    }
    value = code === null ? value : code;
  }
  setAt(path, value);
  showError(path, check(input, false, ev.type === 'input'), false);
  if (/\.disability\.certificate$/.test(path)) markDisabilityRequired(path.replace(/\.certificate$/, ''));
  updateStale();
}

/**
 * A certificate makes grade and category required: said on their labels and to screen readers at once, in place.
 * Nothing is redrawn, so the focus and a select's type-ahead ("第二" → 第二代残疾人证) stay where they are.
 */
function markDisabilityRequired(base) {
  const d = getAt(base);
  const certified = !!(d && d.certificate && d.certificate !== 'NONE');
  ['grade', 'category'].forEach(k => {
    const path = `${base}.${k}`;
    const input = document.querySelector(`[data-path="${cssEscape(path)}"]`);
    if (!input) return;
    if (certified) {
      input.dataset.required = 'true';
      input.setAttribute('aria-required', 'true');
    } else {
      delete input.dataset.required;
      input.removeAttribute('aria-required');
      showError(path, check(input, false, true), false);
    }
    const label = document.querySelector(`label[for="${input.id}"]`);
    if (label) label.textContent = label.textContent.replace(/ \*$/, '') + (certified ? ' *' : '');
  });
}

form.addEventListener('input', onEdit);
form.addEventListener('change', onEdit);

form.addEventListener('click', ev => {
  const b = ev.target.closest('[data-action]');
  if (!b) return;
  const i = Number(b.dataset.index);
  const m = Number(b.dataset.member);
  let focus = null;
  switch (b.dataset.action) {
    case 'remove-income': state.incomes.splice(i, 1); focus = 'add-income'; break;
    case 'remove-member':
      if (state.members.length > 1) state.members.splice(i, 1);
      focus = idFor(`members[${Math.max(0, i - 1)}].name`);
      break;
    case 'add-medical':
      state.members[m].medicalCosts.push(emptyMedical());
      focus = idFor(`members[${m}].medicalCosts[${state.members[m].medicalCosts.length - 1}].date`);
      break;
    case 'remove-medical': state.members[m].medicalCosts.splice(i, 1); focus = `add-medical-${m}`; break;
    case 'toggle-hardship':
      state.hardship = b.checked ? { cause: '', date: '', uncoveredExpense: '' } : null;
      focus = 'hardship-toggle';
      break;
    default: return;
  }
  render(focus);
});

document.getElementById('add-income').addEventListener('click', () => {
  state.incomes.push({ type: '', annualAmount: '' });
  render(idFor(`incomes[${state.incomes.length - 1}].type`));
});

document.getElementById('add-member').addEventListener('click', () => {
  const ids = new Set(state.members.map(m => m.memberId));
  let n = state.members.length + 1;
  while (ids.has('m' + n)) n++;
  state.members.push(emptyMember(n));
  render(idFor(`members[${state.members.length - 1}].name`));
});

// ---------- talking to the service ----------

const HEADERS = { Accept: 'application/json, application/problem+json', 'X-Requested-With': 'XMLHttpRequest' };

/** One call; {status, body} (body parsed when JSON), or {status: 0} when the service cannot be reached. */
async function api(method, url, body, accept) {
  const headers = Object.assign({}, HEADERS, accept ? { Accept: accept } : {});
  if (method !== 'GET') headers['X-XSRF-TOKEN'] = csrfToken();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    return { status: 0, body: {} };
  }
  if (response.status === 401) {
    signedOut();
    return { status: 401, body: {} };
  }
  const type = response.headers.get('Content-Type') || '';
  const parsed = type.includes('json') ? await response.json().catch(() => ({})) : await response.text();
  return { status: response.status, ok: response.ok, body: parsed };
}

function say(id, message, kind) {
  const el = document.getElementById(id);
  el.textContent = message;
  el.className = 'message' + (kind ? ' ' + kind : '');
}

function failure(r) {
  if (r.status === 0) return '无法连接核定服务，请稍后重试。';
  return '操作失败（' + r.status + '）：' + ((r.body && (r.body.detail || r.body.title)) || '');
}

function snapshot() {
  return JSON.stringify({ asOf: asOf.trim(), household: toContract(state) });
}

function enc(s) {
  return encodeURIComponent(s);
}

function showCase() {
  const heading = document.getElementById('case-heading');
  const meta = document.getElementById('case-meta');
  if (current) {
    heading.textContent = `家庭案卷 ${current.id}`;
    meta.textContent = `当前为第 ${current.version} 版家庭信息（${current.savedBy || ''} 保存于 `
      + `${current.savedAt ? new Date(current.savedAt).toLocaleString('zh-CN') : ''}）。修改后保存即成为新的一版，旧版本保留。`;
  } else {
    heading.textContent = '新家庭（尚未登记）';
    meta.textContent = '填写后“保存”即登记为新家庭。';
  }
  document.getElementById('f-householdId') && (document.getElementById('f-householdId').readOnly = !!current);
}

/** Puts a register view into the form: the facts, the version the next edit starts from. */
function loadView(view) {
  state = fromContract(view.household);
  if (state.members.length === 0) state.members.push(emptyMember(1));
  current = { id: view.householdId, version: view.version, savedBy: view.savedBy, savedAt: view.savedAt };
  clearServerErrors();
  document.getElementById('conflict').hidden = true;
  render();
  showCase();
  savedSnapshot = JSON.stringify(toContract(state));
}

// ---------- search and open ----------

document.getElementById('search-form').addEventListener('submit', async ev => {
  ev.preventDefault();
  const q = document.getElementById('search-q').value.trim();
  if (!q) {
    say('search-message', '请输入家庭编号、姓名、身份证号（或后四位）、乡镇或村。', 'bad');
    return;
  }
  say('search-message', '正在查找…');
  const r = await api('GET', 'api/v1/households?q=' + enc(q));
  if (!r.ok) {
    say('search-message', failure(r), 'bad');
    return;
  }
  const rows = r.body.households.map(hit => h('tr', { 'data-household': hit.householdId },
    h('td', { text: hit.householdId }), h('td', { text: hit.headName || '' }), h('td', { text: hit.county || '' }),
    h('td', { text: hit.township || '' }), h('td', { text: hit.village || '' }),
    h('td', { class: 'members', text: hit.members.map(m => m.name + (m.maskedIdNumber ? ' ' + m.maskedIdNumber : '')).join('；') }),
    h('td', {}, h('button', { type: 'button', class: 'open-household', 'data-open': hit.householdId,
      id: 'open-' + hit.householdId, text: '打开', 'aria-label': `打开家庭 ${hit.householdId}（户主 ${hit.headName || ''}）` }))));
  document.querySelector('#search-table tbody').replaceChildren(...rows);
  document.getElementById('search-results').hidden = rows.length === 0;
  say('search-message', rows.length === 0 ? `没有找到与“${q}”相符的家庭。`
    : `找到 ${r.body.count} 户${r.body.count >= r.body.limit ? `（只显示前 ${r.body.limit} 户，请输入更具体的内容）` : ''}。`,
  rows.length ? 'good' : '');
});

document.getElementById('search-table').addEventListener('click', ev => {
  const b = ev.target.closest('[data-open]');
  if (b) openHousehold(b.dataset.open);
});

async function openHousehold(id) {
  say('case-message', '正在打开…');
  const r = await api('GET', 'api/v1/households/' + enc(id));
  if (!r.ok) {
    say('case-message', failure(r), 'bad');
    return;
  }
  loadView(r.body);
  hideResult();
  say('case-message', `已打开家庭 ${id}。`, 'good');
  document.getElementById('case-heading').focus();
  await loadHistory();
}

/**
 * The form holds a household that is not (yet) the register's: nothing of the one open before stays on screen (its
 * result, history, version conflict).
 */
function leaveRegister(household, focusId) {
  state = household;
  if (state.members.length === 0) state.members.push(emptyMember(1));
  current = null;
  savedSnapshot = null;
  conflict = null;
  records = [];
  clearServerErrors();
  document.getElementById('conflict').hidden = true;
  hideResult();
  document.getElementById('history').hidden = true;
  render(focusId);
  showCase();
}

document.getElementById('new-household').addEventListener('click', () => {
  leaveRegister(emptyHousehold());
  say('case-message', '请填写新家庭的信息。');
  document.getElementById(idFor('householdId')).focus();
});

// ---------- save (a new version), the version conflict ----------

/** Saves the form as a new version (or registers it); true when saved or nothing changed since. */
async function save() {
  clearServerErrors();
  if (validateAll(false) > 0) {
    say('submit-message', '有填写有误之处，请按上方列表更正后再保存。', 'bad');
    return false;
  }
  const household = toContract(state);
  if (current && savedSnapshot === JSON.stringify(household)) return true;
  say('submit-message', '正在保存…');
  const r = current
    ? await api('PUT', 'api/v1/households/' + enc(current.id), Object.assign({ baseVersion: current.version }, household))
    : await api('POST', 'api/v1/households', household);
  if (r.ok) {
    const view = r.body;
    current = { id: view.householdId, version: view.version, savedBy: view.savedBy, savedAt: view.savedAt };
    savedSnapshot = JSON.stringify(household);
    showCase();
    say('submit-message', `已保存为第 ${view.version} 版。`, 'good');
    return true;
  }
  if (r.status === 400 && Array.isArray(r.body.errors)) {
    say('submit-message', `服务器发现 ${r.body.errors.length} 处错误，已在相应栏目旁标出。`, 'bad');
    showServerErrors(r.body.errors);
  } else if (r.status === 409 && r.body.current) {
    say('submit-message', '未保存：他人已保存了更新的版本，请对照后选择。', 'bad');
    showConflict(r.body);
  } else {
    say('submit-message', failure(r), 'bad');
  }
  return false;
}

/** Leaf values by path: {"members[0].name": "…"}, to list where two versions differ. */
function flatten(v, path, out) {
  if (v !== null && typeof v === 'object') {
    if (Array.isArray(v)) v.forEach((x, i) => flatten(x, `${path}[${i}]`, out));
    else Object.keys(v).forEach(k => flatten(v[k], path ? `${path}.${k}` : k, out));
  } else {
    out[path] = v;
  }
  return out;
}

let conflict = null;

function showConflict(body) {
  conflict = body;
  const mine = flatten(toContract(state), '', {});
  const theirs = flatten(body.current.household, '', {});
  const paths = [...new Set([...Object.keys(mine), ...Object.keys(theirs)])].filter(p => mine[p] !== theirs[p]);
  document.getElementById('conflict-text').textContent = `您的修改依据第 ${body.baseVersion} 版，但 `
    + `${body.current.savedBy} 已于 ${new Date(body.current.savedAt).toLocaleString('zh-CN')} 保存了第 `
    + `${body.currentVersion} 版。下表列出您的修改与最新版本不同的 ${paths.length} 处。`;
  document.getElementById('conflict-current-head').textContent = `最新版本（第 ${body.currentVersion} 版）`;
  const shownValue = v => (v === undefined || v === null || v === '' ? '（空）' : String(v));
  document.querySelector('#conflict-table tbody').replaceChildren(...paths.map(p => h('tr', { 'data-path-diff': p },
    h('th', { scope: 'row', text: describePath(p) }), h('td', { text: shownValue(mine[p]) }),
    h('td', { text: shownValue(theirs[p]) }))));
  const box = document.getElementById('conflict');
  box.hidden = false;
  box.focus();
}

document.getElementById('conflict-keep-mine').addEventListener('click', async () => {
  if (!conflict) return;
  // The caseworker has seen the newer version and keeps their own: the save now starts from it.
  current.version = conflict.currentVersion;
  savedSnapshot = null;
  conflict = null;
  document.getElementById('conflict').hidden = true;
  document.getElementById('submit').focus();
  await save();
});

document.getElementById('conflict-take-theirs').addEventListener('click', () => {
  if (!conflict) return;
  const view = conflict.current;
  conflict = null;
  loadView(view);
  hideResult();
  say('submit-message', `已载入第 ${view.version} 版（他人保存的最新版本），您的修改已放弃。`, 'good');
  document.getElementById('case-heading').focus();
});

document.getElementById('save').addEventListener('click', save);

// ---------- determine (recorded), trial ----------

form.addEventListener('submit', async ev => {
  ev.preventDefault();
  if (!(await save())) return;
  say('submit-message', '正在核定…');
  const r = await api('POST', `api/v1/households/${enc(current.id)}/determinations?asOf=${enc(asOf.trim())}`);
  if (!r.ok) {
    if (r.status === 400 && Array.isArray(r.body.errors)) showServerErrors(r.body.errors);
    say('submit-message', failure(r), 'bad');
    return;
  }
  say('submit-message', `核定完成，已留存为核定记录 ${r.body.recordId}。`, 'good');
  showRecord(r.body);
  await loadHistory();
  document.getElementById('result-heading').focus();
});

document.getElementById('trial').addEventListener('click', async () => {
  clearServerErrors();
  if (validateAll(true) > 0) {
    say('submit-message', '有填写有误之处，请按上方列表更正后再试算。', 'bad');
    return;
  }
  say('submit-message', '正在试算…');
  const household = toContract(state);
  const r = await api('POST', 'api/v1/determinations?asOf=' + enc(asOf.trim()), toTrial(household));
  if (r.ok) {
    say('submit-message', '试算完成（未留存）。', 'good');
    showResult(r.body, null);
    document.getElementById('result-heading').focus();
  } else if (r.status === 400 && Array.isArray(r.body.errors)) {
    hideResult();
    say('submit-message', `服务器发现 ${r.body.errors.length} 处错误，已在相应栏目旁标出。`, 'bad');
    showServerErrors(r.body.errors);
  } else {
    hideResult();
    say('submit-message', failure(r), 'bad');
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
  if (!memberId) return '全户';
  const m = state.members.find(x => x.memberId === memberId);
  return m && m.name ? `${m.name}（${memberId}）` : '成员 ' + memberId;
}

function hideResult() {
  shown = null;
  document.getElementById('result').hidden = true;
  document.getElementById('stale-warning').hidden = true;
  document.getElementById('replay-result').replaceChildren();
}

/**
 * A recorded determination on screen, printable while the form still holds the facts it came from. Its date goes
 * into the date field: the result is of that date.
 */
function showRecord(rec) {
  if (rec.asOf && asOf.trim() !== rec.asOf) {
    asOf = rec.asOf;
    const field = document.getElementById(idFor('asOf'));
    if (field) field.value = rec.asOf;
    showError('asOf', '', false);
  }
  showResult(rec.determination, rec);
}

/**
 * What a result was made from, in the form of snapshot(). A record of the version the form was opened or saved at
 * was made from that version as saved, not from the form as it is now: unsaved edits show it stale at once.
 */
function madeFrom(record) {
  if (record && current && record.factsVersion === current.version && savedSnapshot !== null) {
    return `{"asOf":${JSON.stringify(record.asOf)},"household":${savedSnapshot}}`;
  }
  return snapshot();
}

/** record: the register's record of it, or null for a trial calculation (never printed). */
function showResult(d, record) {
  shown = { determination: d, record, snapshot: madeFrom(record), stale: false };
  document.getElementById('result-household').textContent = d.householdId;
  document.getElementById('result-asof').textContent = d.asOf;
  document.getElementById('result-version').textContent = d.ruleset.version;
  document.getElementById('result-record-line').hidden = !record;
  if (record) {
    document.getElementById('result-record').textContent = record.recordId;
    document.getElementById('result-facts-version').textContent = record.factsVersion;
  }
  const kind = document.getElementById('result-kind');
  const older = record && current && record.factsVersion !== current.version
    ? `；依据第 ${record.factsVersion} 版家庭信息，当前为第 ${current.version} 版` : '';
  kind.textContent = record ? `核定记录 ${record.recordId}（已留存；${record.determinedBy} 核定于 `
    + `${new Date(record.determinedAt).toLocaleString('zh-CN')}${record.current ? '，现行' : '，已被后来的核定取代'}${older}）`
    : '试算结果：未留存，不能据此打印告知书。';
  kind.className = 'result-kind' + (record ? '' : ' trial');
  document.getElementById('record-actions').hidden = !record;
  document.getElementById('replay-result').replaceChildren();

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

  ['monthly', 'annual', 'oneOff'].forEach(k => {
    const el = document.getElementById(k === 'oneOff' ? 'total-oneoff' : 'total-' + k);
    el.textContent = yuan(d.totals[k]);
    el.dataset.amount = fixed(d.totals[k]);
  });

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
  updateStale();
}

/**
 * The stale guard: a result belongs to the facts (and date) it was made from. Once the form differs, the result is
 * marked stale, said aloud (the warning is an alert) and cannot be printed until determined again.
 */
const STALE_TEXT = '本结果已过期：核定之后修改了家庭信息，不能据此打印告知书。请重新“保存并核定”。';

function updateStale() {
  if (!shown) return;
  const stale = snapshot() !== shown.snapshot;
  const result = document.getElementById('result');
  const warning = document.getElementById('stale-warning');
  const print = document.getElementById('print-notice');
  result.classList.toggle('stale', stale);
  result.dataset.stale = String(stale);
  print.disabled = stale || !shown.record;
  document.getElementById('open-notice').hidden = stale || !shown.record;
  if (shown.record) document.getElementById('open-notice').href = shown.record.notice;
  document.getElementById('print-note').textContent = stale ? '打印已停用：结果已过期。' : '';
  warning.hidden = !stale;
  // The text is set as the result goes stale, so the alert is announced once, at that moment.
  if (stale && !shown.stale) warning.textContent = STALE_TEXT;
  else if (!stale) warning.textContent = '';
  shown.stale = stale;
}

// ---------- the notice, history, replay ----------

/** Loads the register's notice of a record into the page's print area (only it is printed) and prints. */
async function printRecord(record) {
  const r = await api('GET', record.notice, undefined, 'text/html, application/problem+json');
  if (!r.ok || typeof r.body !== 'string') {
    say('submit-message', failure(r), 'bad');
    return false;
  }
  const doc = new DOMParser().parseFromString(r.body, 'text/html');
  const main = doc.querySelector('main') || doc.body;
  const notice = document.getElementById('notice');
  notice.replaceChildren(...Array.from(main.childNodes).map(n => document.importNode(n, true)));
  notice.dataset.record = String(record.recordId);
  document.getElementById('print-note').textContent = `已生成核定记录 ${record.recordId} 的告知书，正在打印。`;
  window.print();
  return true;
}

document.getElementById('print-notice').addEventListener('click', () => {
  if (shown && shown.record && !shown.stale) printRecord(shown.record);
});

let records = [];

async function loadHistory() {
  if (!current) return;
  const r = await api('GET', `api/v1/households/${enc(current.id)}/determinations`);
  const box = document.getElementById('history');
  if (!r.ok) {
    box.hidden = true;
    return;
  }
  records = r.body;
  const rows = records.map(rec => h('tr', { 'data-record': String(rec.recordId) },
    h('td', { text: String(rec.recordId) }), h('td', { text: rec.asOf }),
    h('td', { text: new Date(rec.determinedAt).toLocaleString('zh-CN') }), h('td', { text: `第 ${rec.factsVersion} 版` }),
    h('td', { text: rec.rulesetVersion }), h('td', { text: rec.determinedBy }),
    h('td', { text: rec.current ? '现行' : '已被取代' }),
    h('td', { class: 'actions' },
      h('button', { type: 'button', 'data-history': 'open', 'data-record': rec.recordId, id: `history-open-${rec.recordId}`,
        text: '查看', 'aria-label': `查看核定记录 ${rec.recordId}` }),
      h('button', { type: 'button', 'data-history': 'print', 'data-record': rec.recordId, id: `history-print-${rec.recordId}`,
        text: '打印', 'aria-label': `打印核定记录 ${rec.recordId} 的告知书` }),
      h('button', { type: 'button', 'data-history': 'replay', 'data-record': rec.recordId, id: `history-replay-${rec.recordId}`,
        text: '重算核对', 'aria-label': `按原规则重算核对记录 ${rec.recordId}` }))));
  document.querySelector('#history-table tbody').replaceChildren(...rows);
  document.getElementById('history-table').hidden = rows.length === 0;
  document.getElementById('no-history').hidden = rows.length > 0;
  box.hidden = false;
}

document.getElementById('history-table').addEventListener('click', async ev => {
  const b = ev.target.closest('[data-history]');
  if (!b) return;
  const rec = records.find(x => String(x.recordId) === b.dataset.record);
  if (!rec) return;
  if (b.dataset.history === 'open') {
    showRecord(rec);
    document.getElementById('result-heading').focus();
  } else if (b.dataset.history === 'print') {
    showRecord(rec);
    if (shown.stale) {
      // The stale guard holds here too: the form has edits the record did not see.
      document.getElementById('stale-warning').focus();
      return;
    }
    printRecord(rec);
  } else {
    showRecord(rec);
    await replay(rec, false);
  }
});

function money(n) {
  return n === null || n === undefined ? '—' : yuan(n);
}

/** Re-runs a record (under its own ruleset, or the one in service) and says whether it is the same. */
async function replay(record, againstCurrent) {
  const out = document.getElementById('replay-result');
  out.replaceChildren(h('p', { text: '正在重算…' }));
  const r = await api('POST', `api/v1/determinations/${record.recordId}/replay${againstCurrent ? '?against=current' : ''}`);
  if (!r.ok) {
    out.replaceChildren(h('p', { class: 'bad', text: failure(r) }));
    return;
  }
  const v = r.body;
  const how = againstCurrent ? `按现行规则（版本 ${v.rulesetVersion}）` : `按原规则（版本 ${v.rulesetVersion}）`;
  if (v.identical) {
    out.replaceChildren(h('p', { class: 'good', 'data-identical': 'true', id: 'replay-verdict',
      text: `${how}重算记录 ${v.recordId}：结果与留存的核定完全一致。` }));
    return;
  }
  const diffs = (v.differences || []).map(x => h('li', { 'data-code': x.code },
    `${x.name || x.code}（${who(x.memberId)}）：${x.change}，${money(x.before)} → ${money(x.after)}`));
  out.replaceChildren(
    h('p', { class: 'bad', 'data-identical': 'false', id: 'replay-verdict',
      text: `${how}重算记录 ${v.recordId}：结果与留存的核定不同（留存时规则版本 ${v.recordedRulesetVersion}）。` }),
    diffs.length ? h('ul', {}, ...diffs) : h('p', { text: '待遇项目相同，说明文字或其他内容有变化。' }),
    v.totalsBefore && v.totalsAfter ? h('p', { text: `每月合计 ${money(v.totalsBefore.monthly)} → ${money(v.totalsAfter.monthly)}；`
      + `每年 ${money(v.totalsBefore.annual)} → ${money(v.totalsAfter.annual)}；`
      + `一次性 ${money(v.totalsBefore.oneOff)} → ${money(v.totalsAfter.oneOff)}。` }) : null);
}

document.getElementById('replay-record').addEventListener('click', () => shown && shown.record && replay(shown.record, false));
document.getElementById('replay-current').addEventListener('click', () => shown && shown.record && replay(shown.record, true));


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
    leaveRegister(fromContract(data));
    validateAll(true, true);
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
  asOf = today();
  leaveRegister(emptyHousehold(), 'clear-form');
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

/** Who is signed in; policy staff also get the link to their page. */
async function loadAccount() {
  const r = await api('GET', 'account');
  if (r.ok && r.body && typeof r.body === 'object') {
    document.getElementById('account-name').textContent = '用户：' + r.body.name;
    document.getElementById('policy-link-item').hidden = !r.body.policy;
  }
}

render();
showCase();
loadRuleset();
loadAccount();
pollReload();
document.body.dataset.ready = 'true';
