'use strict';

// Helpers shared by the policy staff's page and the caseworkers' worklist page: the API call with the session's
// CSRF token, element building without innerHTML, money in Chinese notation, problem+json in words.

function csrfToken() {
  const c = document.cookie.split('; ').find((x) => x.startsWith('XSRF-TOKEN='));
  return c ? decodeURIComponent(c.substring('XSRF-TOKEN='.length)) : '';
}

async function api(method, path, body, isForm) {
  const headers = { Accept: 'application/json', 'X-Requested-With': 'XMLHttpRequest' };
  if (method !== 'GET') {
    headers['X-XSRF-TOKEN'] = csrfToken();
  }
  let payload;
  if (body !== undefined && body !== null) {
    if (isForm) {
      payload = body;
    } else {
      headers['Content-Type'] = 'application/json';
      payload = JSON.stringify(body);
    }
  }
  let r;
  try {
    r = await fetch(path.replace(/^\//, ''), { method, headers, body: payload, credentials: 'same-origin' });
  } catch (e) {
    return { status: 0, ok: false, json: null };
  }
  let json = null;
  const type = r.headers.get('Content-Type') || '';
  if (type.includes('json')) {
    json = await r.json();
  }
  return { status: r.status, ok: r.ok, json };
}

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'text') e.textContent = v;
    else if (k === 'className') e.className = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

const $ = (id) => document.getElementById(id);
const COUNTIES = ['东区', '西区', '仁和区', '米易县', '盐边县'];
const STATES = { QUEUED: '排队中', RUNNING: '进行中', DONE: '已完成', FAILED: '失败', STOPPED: '已停止',
  INTERRUPTED: '已中断', DRAFT: '草稿', PUBLISHED: '已发布', REFUSED: '未通过检查' };
const KIND_LABELS = { ADDED: '新增', STOPPED: '停发', ADJUSTED: '金额调整' };

function money(x) {
  if (x === null || x === undefined) return '—';
  return Number(x).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function signed(x) {
  const n = Number(x);
  return (n > 0 ? '+' : n < 0 ? '−' : '') + money(Math.abs(n));
}

function problemText(json) {
  if (!json) return '服务暂时无法回答，请稍后重试';
  if (Array.isArray(json.errors) && json.errors.length) {
    return json.errors.map((e) => e.messageZh || e.message).join('；');
  }
  return json.detail || json.title || '请求未完成';
}

function fillCounties(...ids) {
  for (const id of ids) {
    for (const c of COUNTIES) $(id).append(el('option', { value: c, text: c }));
  }
}
