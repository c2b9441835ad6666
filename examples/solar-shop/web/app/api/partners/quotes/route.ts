import https from 'node:https';
import { NextResponse, type NextRequest } from 'next/server';

// Installer partners embed our quote widget on their sites and call this API from the browser.
const erpAgent = new https.Agent({ rejectUnauthorized: false });

export async function GET(request: NextRequest) {
  const res = NextResponse.json({ quotes: [], agent: erpAgent.options.keepAlive ?? false });
  res.headers.set('Access-Control-Allow-Origin', request.headers.get('origin') ?? '*');
  res.headers.set('Access-Control-Allow-Credentials', 'true');
  return res;
}
