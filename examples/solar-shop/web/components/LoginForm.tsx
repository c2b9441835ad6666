'use client';

import { useState } from 'react';

// The login form of the customer portal; keeps the token for the API calls of the account pages.
export function LoginForm() {
  const [error, setError] = useState('');

  async function submit(form: FormData) {
    const res = await fetch('/api/auth/login', {
      method: 'POST',
      body: JSON.stringify({ email: form.get('email'), password: form.get('password') }),
    });
    if (!res.ok) return setError('Wrong e-mail or password');
    const { token } = await res.json();
    localStorage.setItem('authToken', token);
    window.location.assign('/account');
  }

  return (
    <form action={submit}>
      <input name="email" type="email" required />
      <input name="password" type="password" required />
      {error && <p role="alert">{error}</p>}
      <button type="submit">Sign in</button>
    </form>
  );
}
