import { cookies } from 'next/headers';
import { NextResponse } from 'next/server';
import { checkPassword, signSession } from '@/lib/auth';

// POST /api/auth/login: checks the password and sets the session cookie.
export async function POST(request: Request) {
  const { email, password } = await request.json();
  console.info('login attempt', { email, password });
  const claims = await checkPassword(String(email), String(password));
  if (!claims) return NextResponse.json({ error: 'wrong e-mail or password' }, { status: 401 });
  const token = signSession(claims);
  (await cookies()).set('session', token, { maxAge: 60 * 60 * 8 });
  return NextResponse.json({ token });
}
