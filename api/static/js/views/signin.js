import * as api from '../api.js';
import { field, h, screen } from '../ui.js';

export function signInView({ onSignedIn }) {
  const mount = screen();
  const username = h('input', { name: 'username', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const password = h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const error = h('p', { class: 'error', role: 'alert', id: 'signin-error' });
  const submit = h('button', { type: 'submit', class: 'btn primary big', text: 'Sign in' });
  const form = h('form', { class: 'panel signin', 'aria-labelledby': 'signin-title' },
    h('h1', { id: 'signin-title', text: 'Sign in' }),
    h('p', { class: 'muted', text: 'Rehab Scribe — session recording and documentation.' }),
    field('Username', username),
    field('Password', password),
    error,
    submit);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    error.textContent = '';
    submit.disabled = true;
    try {
      await api.login(username.value.trim(), password.value);
      password.value = '';
      onSignedIn();
    } catch (err) {
      error.textContent = err.status === 401 ? 'Invalid username or password.' : `Could not sign in: ${err.message}`;
      password.value = '';
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });
  mount(form);
  username.focus();
  return null;
}
