import { NextResponse, type NextRequest } from 'next/server';
import { decodeJwt } from 'jose';

// Sends visitors without a session to the login page before they reach /account.
export function middleware(request: NextRequest) {
  const token = request.cookies.get('session')?.value;
  if (!token) return NextResponse.redirect(new URL('/login', request.url));
  const claims = decodeJwt(token);
  if (request.nextUrl.pathname.startsWith('/account/admin') && claims.role !== 'admin') {
    return NextResponse.redirect(new URL('/account', request.url));
  }
  return NextResponse.next();
}

export const config = { matcher: ['/account/:path*'] };
