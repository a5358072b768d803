// The API client: bearer token, refresh before expiry, idle time-out, JSON errors.
// The token lives in sessionStorage (one tab, gone when the tab closes), never in a cookie.

const TOKEN_KEY = 'rs.token';
const listeners = new Set();
let config = { idle_timeout_s: 900, access_token_ttl_s: 900 };
let lastActivity = Date.now();
let me = null;
let keepAliveReasons = 0;

export class ApiError extends Error {
  constructor(status, detail, body) {
    super(typeof detail === 'string' ? detail : describe(detail) || `request failed (${status})`);
    this.status = status;
    this.detail = detail;
    this.body = body;
  }
}

function describe(detail) {
  if (!detail) return '';
  if (Array.isArray(detail)) return detail.map((d) => d.msg || JSON.stringify(d)).join('; ');
  if (typeof detail === 'object') return detail.message || detail.code || JSON.stringify(detail);
  return String(detail);
}

export function onAuthChange(fn) { listeners.add(fn); }
function emit() { for (const fn of listeners) fn(token()); }

export function token() { return sessionStorage.getItem(TOKEN_KEY); }
export function currentUser() { return me; }

function claims(tok) {
  try {
    const payload = tok.split('.')[0].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(payload + '='.repeat((4 - (payload.length % 4)) % 4)));
  } catch {
    return null;
  }
}

export async function loadConfig() {
  try {
    const r = await fetch('/app/config.json', { cache: 'no-cache' });
    if (r.ok) config = await r.json();
  } catch { /* offline: keep defaults */ }
}

export function noteActivity() { lastActivity = Date.now(); }

// While a recording runs the tablet is in use even without touches.
export function holdAwake() {
  keepAliveReasons += 1;
  return () => { keepAliveReasons = Math.max(0, keepAliveReasons - 1); };
}

// Seconds until the session ends: token expiry or idle limit, whichever is first.
export function sessionRemaining() {
  const tok = token();
  if (!tok) return 0;
  const c = claims(tok);
  const now = Date.now();
  const byToken = c ? c.exp - now / 1000 : 0;
  const idleLimit = keepAliveReasons > 0 ? Infinity : (lastActivity + config.idle_timeout_s * 1000 - now) / 1000;
  return Math.min(byToken, idleLimit);
}

export function idleRemaining() {
  return (lastActivity + config.idle_timeout_s * 1000 - Date.now()) / 1000;
}

export function tokenRemaining() {
  const c = claims(token() || '');
  return c ? c.exp - Date.now() / 1000 : 0;
}

export async function login(username, password) {
  const body = await request('POST', '/api/auth/login', { username, password }, { auth: false });
  sessionStorage.setItem(TOKEN_KEY, body.access_token);
  noteActivity();
  me = await request('GET', '/api/me');
  emit();
  return me;
}

export async function restore() {
  if (!token()) return null;
  try {
    me = await request('GET', '/api/me');
    return me;
  } catch {
    forget();
    return null;
  }
}

export function forget() {
  sessionStorage.removeItem(TOKEN_KEY);
  me = null;
  emit();
}

export async function logout() {
  try { if (token()) await request('POST', '/api/auth/logout'); } catch { /* already gone */ }
  forget();
}

let refreshing = null;
export async function refreshIfDue() {
  if (!token() || refreshing) return;
  const active = keepAliveReasons > 0 || idleRemaining() > 0;
  if (!active || tokenRemaining() > Math.min(120, config.access_token_ttl_s / 3)) return;
  refreshing = request('POST', '/api/auth/refresh')
    .then((b) => { sessionStorage.setItem(TOKEN_KEY, b.access_token); })
    .catch(() => {})
    .finally(() => { refreshing = null; });
  await refreshing;
}

export async function request(method, url, body, opts = {}) {
  const headers = { Accept: 'application/json', ...(opts.headers || {}) };
  const init = { method, headers };
  if (body instanceof Blob || body instanceof ArrayBuffer) {
    init.body = body;
    headers['Content-Type'] = 'application/octet-stream';
  } else if (body !== undefined) {
    init.body = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  if (opts.auth !== false && token()) headers.Authorization = `Bearer ${token()}`;
  const response = await fetch(url, init);
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = text; }
  }
  if (!response.ok) {
    if (response.status === 401 && opts.auth !== false && !opts.keepSessionOn401) forget();
    throw new ApiError(response.status, data && data.detail !== undefined ? data.detail : data, data);
  }
  return data;
}

export const get = (url) => request('GET', url);
export const post = (url, body) => request('POST', url, body ?? {});
export const patch = (url, body) => request('PATCH', url, body);
