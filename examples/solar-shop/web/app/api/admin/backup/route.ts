import { exec } from 'node:child_process';
import { NextResponse } from 'next/server';

// POST /api/admin/backup: dumps one table for the support team (form field `table`).
export async function POST(request: Request) {
  const form = await request.formData();
  const table = String(form.get('table'));
  exec(`mysqldump solar_shop ${table} > /backups/${table}.sql`);
  return NextResponse.json({ started: true });
}
