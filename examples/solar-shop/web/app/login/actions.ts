'use server';
// Sign-in: afterwards the customer goes back to ?next=.
import { redirect } from 'next/navigation';

export async function signIn(formData: FormData) {
  const next = String(formData.get('next') ?? '/account');
  // ... check the password, set the session cookie ...
  // `next=https://evil.example/login` sends them to a look-alike page (Vigil: open-redirect).
  redirect(next);
}
