// Invoice download for signed-in customers.
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const INVOICE_DIR = path.join(process.cwd(), 'storage', 'invoices');

export async function GET(_request: Request, { params }: { params: Promise<{ file: string }> }) {
  const { file } = await params;
  // `../../.env` walks out of the invoice folder (Vigil: path-traversal; path.basename(file) keeps it inside).
  const pdf = await readFile(path.join(INVOICE_DIR, file));
  return new Response(pdf, { headers: { 'Content-Type': 'application/pdf' } });
}
