'use server';

import { cookies } from 'next/headers';
import { revalidatePath } from 'next/cache';
import { readSession } from '@/lib/auth';
import { pool } from '@/lib/db';

async function requireCustomer() {
  const token = (await cookies()).get('session')?.value ?? '';
  return readSession(token);
}

// The address form on /account.
export async function updateAddress(formData: FormData) {
  const customer = await requireCustomer();
  await pool.execute('UPDATE customers SET city = ? WHERE id = ?', [String(formData.get('city') ?? ''), customer.sub]);
  revalidatePath('/account');
}

// The "remove phone number" link on /account.
export async function removePhone(formData: FormData) {
  await pool.execute('UPDATE customers SET phone = NULL WHERE id = ?', [Number(formData.get('customerId'))]);
  revalidatePath('/account');
}
