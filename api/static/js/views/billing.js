// Billing (billers only): capture charges for final notes, charge sets with lines and scrubber
// results, release.

import * as api from '../api.js';
import { flash, fmtMoney, h, label, loading, screen, statusBadge, table } from '../ui.js';
import { go } from '../nav.js';

export async function billingView() {
  const mount = screen();
  mount(loading());
  const sets = await api.get('/api/billing/charge-sets');
  const capture = h('button', { type: 'button', class: 'btn primary', id: 'capture', text: 'Capture charges from final notes' });
  capture.addEventListener('click', async () => {
    capture.disabled = true;
    try {
      const out = await api.post('/api/billing/capture');
      flash(`Captured ${out.captured.length ?? out.captured} charge set(s).`, 'info');
    } catch (err) {
      flash(err.message);
    }
    go('#/billing');
  });
  mount(
    h('div', { class: 'card-head' }, h('h1', { text: 'Billing' }), capture),
    h('section', { class: 'panel' },
      h('h2', { text: `Charge sets (${sets.length})` }),
      sets.length ? table(['Charge set', 'Note', 'Date of service', 'Status', 'Total', 'Errors'],
        sets.slice().reverse().map((s) => [
          h('a', { href: `#/billing/${s.id}`, class: 'charge-set-link', text: `#${s.id} v${s.version}` }),
          String(s.note_id), s.date_of_service, statusBadge(s.status), fmtMoney(s.total_cents),
          s.error_count ? h('span', { class: 'badge s-returned', text: String(s.error_count) }) : '0',
        ]), 'Charge sets') : h('p', { class: 'muted', id: 'no-charges', text: 'No charge sets yet. Capture charges once notes are final.' })));
  return null;
}

export async function chargeSetView(chargeSetId) {
  const mount = screen();
  mount(loading());
  const cs = await api.get(`/api/billing/charge-sets/${chargeSetId}`);
  const release = h('button', { type: 'button', class: 'btn primary big', id: 'release', disabled: !cs.releasable, text: cs.status === 'released' ? 'Released' : 'Release' });
  release.addEventListener('click', async () => {
    release.disabled = true;
    try {
      await api.post(`/api/billing/charge-sets/${chargeSetId}/release`);
      flash('Released.', 'info');
    } catch (err) {
      const problems = (err.body && err.body.problems) || [];
      flash(`${err.message}${problems.length ? ` (${problems.length} problem(s))` : ''}`);
    }
    go(`#/billing/${chargeSetId}`);
  });
  const problems = cs.problems || [];
  mount(
    h('p', {}, h('a', { href: '#/billing', text: '← Billing' })),
    h('div', { class: 'card-head' }, h('h1', { text: `Charge set #${cs.id} (version ${cs.version})` }), statusBadge(cs.status)),
    h('section', { class: 'panel' },
      h('p', { text: `MRN ${cs.mrn} · ${cs.discipline} · provider ${cs.provider_role} · payer ${cs.payer_code} · date of service ${cs.date_of_service} · place of service ${cs.place_of_service}` }),
      h('p', { text: `Diagnoses: ${(cs.diagnoses || []).map((d) => (typeof d === 'string' ? d : d.code || JSON.stringify(d))).join(', ') || '—'}` }),
      table(['Line', 'CPT', 'Modifiers', 'Minutes', 'Units', 'Amount', 'Status'],
        (cs.lines || []).map((l) => [String(l.line), l.cpt, (l.modifiers || []).join(', ') || '—', String(l.minutes ?? '—'), String(l.units), fmtMoney(l.amount_cents), label(l.status)]),
        'Charge lines'),
      h('p', { class: 'total', text: `Total ${fmtMoney(cs.total_cents)}` })),
    h('section', { class: 'panel', 'aria-labelledby': 'val-title' },
      h('h2', { id: 'val-title', text: 'Validation' }),
      problems.length ? h('ul', { class: 'warnings', id: 'problems' }, problems.map((p) => h('li', { class: p.severity === 'error' ? 'overdue' : null },
        h('span', { class: 'tag', text: p.severity || 'problem' }), ' ', h('code', { text: p.code || '' }), ' ', p.message || JSON.stringify(p))))
        : h('p', { id: 'problems-none', text: 'No problems found by the scrubber.' }),
      release,
      cs.released_at ? h('p', { class: 'muted', text: `Released ${cs.released_at}` }) : null));
  return null;
}
