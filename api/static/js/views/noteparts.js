// Rendering a draft/1 note: SOAP sections whose statements link to transcript evidence, the
// transcript panel, measurements, interventions (minutes editable), billing preview,
// pulled-forward items (confirmable) and warnings. Shared by Review and Supervisor.

import { fmtClock, h, label, statusBadge, table } from '../ui.js';
import { localAudio } from '../recorder.js';

const SECTIONS = [
  ['subjective', 'Subjective'],
  ['objective', 'Objective'],
  ['assessment', 'Assessment'],
  ['plan', 'Plan'],
];

function segIds(evidence) {
  return (evidence || []).map((e) => (typeof e === 'string' ? e : e && e.segment)).filter(Boolean);
}

function timeRange(evidence, segments) {
  let start = Infinity;
  let end = -Infinity;
  for (const e of evidence || []) {
    const seg = segments.get(e && e.segment);
    const s = e && typeof e.start === 'number' ? e.start : seg && seg.start;
    const t = e && typeof e.end === 'number' ? e.end : seg && seg.end;
    if (typeof s === 'number') start = Math.min(start, s);
    if (typeof t === 'number') end = Math.max(end, t);
  }
  return Number.isFinite(start) && Number.isFinite(end) ? [start, end] : null;
}

// Returns { notePanel, transcriptPanel, highlight(ids) }.
export function renderNote(detail, opts = {}) {
  const content = detail.content || {};
  const transcript = content.transcript || { segments: [] };
  const segments = new Map((transcript.segments || []).map((s) => [s.id, s]));
  const announcer = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  const audio = opts.noteAudio || localAudio(detail.therapy_session_id);
  let audioEl = null;
  let stopAt = null;
  if (audio) {
    audioEl = h('audio', { controls: true, preload: 'auto', src: audio, 'aria-label': 'Session audio (on this tablet only)' });
    audioEl.addEventListener('timeupdate', () => {
      if (stopAt !== null && audioEl.currentTime >= stopAt) { audioEl.pause(); stopAt = null; }
    });
  }

  const segItems = (transcript.segments || []).map((s) => h('li', {
    class: `seg sp-${String(s.speaker || 'unknown').replace(/[^a-z_]/gi, '')}`, id: `seg-${s.id}`, dataset: { seg: s.id },
  },
  h('span', { class: 'seg-meta', text: `${fmtClock(s.start || 0)} · ${label(s.speaker || 'unknown')}` }),
  h('span', { class: 'seg-text', text: s.text }),
  // words the recogniser is measured to mishear, and what the draft read them as
  (s.corrections || []).length ? h('span', {
    class: 'seg-read muted',
    text: `Read as: ${s.corrections.map((c) => `"${c.heard}" \u2192 ${c.read_as}`).join(', ')}`,
  }) : null));
  const transcriptList = h('ol', { class: 'transcript', id: 'transcript' }, segItems);
  const transcriptPanel = h('section', { class: 'panel transcript-panel', 'aria-labelledby': 'tr-title' },
    h('h2', { id: 'tr-title', text: 'Transcript' }),
    h('p', { class: 'muted', text: `${(transcript.segments || []).length} segments · ${fmtClock(transcript.duration_s || 0)}${transcript.model ? ` · ${transcript.model}` : ''}` }),
    audioEl,
    transcriptList,
    announcer);

  let pressed = null;
  function highlight(ids, range, button) {
    for (const el of transcriptList.querySelectorAll('.seg.hl')) el.classList.remove('hl');
    if (pressed) pressed.setAttribute('aria-pressed', 'false');
    pressed = button || null;
    if (pressed) pressed.setAttribute('aria-pressed', 'true');
    let first = null;
    for (const id of ids) {
      const el = transcriptList.querySelector(`#seg-${CSS.escape(id)}`);
      if (el) { el.classList.add('hl'); first = first || el; }
    }
    if (first) first.scrollIntoView({ block: 'center', behavior: 'smooth' });
    announcer.textContent = ids.length ? `${ids.length} transcript segment(s) highlighted` : 'No transcript evidence for this item';
    if (audioEl && range) {
      try {
        audioEl.currentTime = range[0];
        stopAt = range[1];
        audioEl.play().catch(() => {});
      } catch { /* not seekable yet */ }
    }
  }

  function evidenceButton(text, evidence, extraClass = '') {
    const ids = segIds(evidence);
    return h('button', {
      type: 'button', class: `stmt ${extraClass}`, 'aria-pressed': 'false', dataset: { evidence: ids.join(' ') },
      title: ids.length ? 'Show evidence in the transcript' : 'No transcript evidence',
      onclick: (event) => highlight(ids, timeRange(evidence, segments), event.currentTarget),
    }, text);
  }

  const sections = (content.note && content.note.sections) || {};
  const soap = SECTIONS.map(([key, title]) => {
    const items = sections[key] || [];
    return h('section', { class: 'soap', 'aria-labelledby': `sec-${key}` },
      h('h3', { id: `sec-${key}`, text: title }),
      items.length ? h('ul', { class: 'statements' }, items.map((st) => {
        const prior = st.source === 'prior_note';
        return h('li', { class: prior ? 'prior' : null },
          evidenceButton(st.text, st.evidence),
          prior ? h('span', { class: `tag pf ${st.confirmed ? 'ok' : ''}`, text: st.confirmed ? 'from last note · confirmed' : 'from last note · not confirmed' }) : null);
      })) : h('p', { class: 'muted', text: 'Nothing documented.' }));
  });

  const measurements = content.measurements || [];
  const mTable = measurements.length ? table(
    ['Measure', 'Where', 'Value', 'When', ''],
    measurements.map((m) => [
      `${label(m.type)}${m.negated ? ' (negated)' : ''}`,
      [m.side, m.body_part, m.motion, m.task].filter(Boolean).join(' ') || '—',
      `${m.value ?? ''}${m.unit ? ` ${m.unit}` : ''}` || '—',
      label(m.when || 'current'),
      evidenceButton('Evidence', m.evidence, 'small'),
    ]), 'Measurements') : h('p', { class: 'muted', text: 'No measurements found.' });

  const interventions = content.interventions || [];
  const minuteInputs = [];
  const iRows = interventions.map((iv, i) => {
    let minutes = iv.minutes ?? '';
    if (opts.editable) {
      const input = h('input', { type: 'number', min: '0', max: '480', step: '1', inputmode: 'numeric', class: 'minutes', value: iv.minutes ?? '', 'aria-label': `Minutes of ${iv.name}`, dataset: { index: String(i) } });
      minuteInputs.push(input);
      minutes = input;
    }
    return [iv.cpt, iv.name, minutes, iv.timed === false ? 'untimed' : 'timed', evidenceButton('Evidence', iv.evidence, 'small')];
  });
  const saveMinutes = opts.editable && interventions.length
    ? h('button', { type: 'button', class: 'btn secondary', id: 'save-minutes', text: 'Save minutes', onclick: () => {
      const next = structuredClone(content);
      for (const input of minuteInputs) {
        const v = input.value === '' ? null : Math.max(0, Math.round(Number(input.value)));
        next.interventions[Number(input.dataset.index)].minutes = v;
      }
      opts.onEdit(next, 'Minutes saved.');
    } }) : null;

  const billing = content.billing_preview || [];
  const pulled = content.pulled_forward || [];
  const warnings = content.warnings || [];
  const missing = warnings.filter((w) => w.code === 'missing_element');
  const other = warnings.filter((w) => w.code !== 'missing_element');

  const pfList = pulled.length ? h('ul', { class: 'pulled' }, pulled.map((p, i) => {
    const box = h('input', { type: 'checkbox', id: `pf-${i}`, checked: p.confirmed === true, disabled: !opts.editable });
    box.addEventListener('change', () => {
      const next = structuredClone(content);
      next.pulled_forward[i].confirmed = box.checked;
      for (const st of (next.note && next.note.sections && next.note.sections[p.section]) || []) {
        if (st.source === 'prior_note' && st.text === p.text) st.confirmed = box.checked;
      }
      opts.onEdit(next, box.checked ? 'Confirmed.' : 'Marked not confirmed.');
    });
    return h('li', { class: p.confirmed ? 'ok' : 'todo' }, box,
      h('label', { for: `pf-${i}` }, h('span', { class: 'tag', text: label(p.section) }), ' ', p.text,
        h('span', { class: 'muted', text: p.confirmed ? ' — confirmed this visit' : ' — confirm it still holds' })));
  })) : null;

  const notePanel = h('section', { class: 'panel note-panel', 'aria-labelledby': 'note-title' },
    h('div', { class: 'card-head' },
      h('h2', { id: 'note-title', text: `${label(detail.note_type)} note` }),
      statusBadge(detail.status),
      h('span', { class: 'muted', text: `version ${detail.version} · ${detail.author ? detail.author.full_name : ''}` })),
    detail.returned_reason && detail.status === 'returned'
      ? h('div', { class: 'notice warn', role: 'note' }, h('strong', { text: 'Returned: ' }), detail.returned_reason) : null,
    missing.length ? h('div', { class: 'notice warn', id: 'missing' },
      h('h3', { text: 'Missing required elements' }),
      h('ul', {}, missing.map((w) => h('li', { text: w.message })))) : null,
    pfList ? h('div', { class: 'notice', id: 'pulled-forward' },
      h('h3', { text: 'Pulled forward from the last note' }), pfList) : null,
    h('p', { class: 'muted', text: 'Tap a statement to see and hear its evidence in the transcript.' }),
    soap,
    h('h3', { text: 'Measurements' }), mTable,
    h('h3', { text: 'Interventions' }),
    interventions.length ? table(['CPT', 'Intervention', 'Minutes', 'Type', ''], iRows, 'Interventions') : h('p', { class: 'muted', text: 'None found.' }),
    saveMinutes,
    h('h3', { text: 'Billing preview' }),
    billing.length ? table(['CPT', 'Units', 'Modifiers'], billing.map((b) => [b.cpt, String(b.units ?? '—'), (b.modifiers || []).join(', ') || '—']), 'Billing preview')
      : h('p', { class: 'muted', text: 'No billable services.' }),
    other.length ? h('div', {}, h('h3', { text: 'Warnings' }), h('ul', { class: 'warnings' }, other.map((w) => h('li', {}, h('code', { text: w.code }), ' ', w.message)))) : null,
    (detail.signatures || []).length ? h('div', {}, h('h3', { text: 'Signatures' }),
      h('ul', {}, detail.signatures.map((s) => h('li', { class: s.valid ? null : 'overdue', text: s.display })))) : null);

  return { notePanel, transcriptPanel, highlight };
}
