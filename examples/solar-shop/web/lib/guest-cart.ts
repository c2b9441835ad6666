import { cookies } from 'next/headers';
import serialize from 'node-serialize';

export interface CartLine {
  model: string;
  count: number;
}

// Guests keep their cart in a cookie until they sign in.
export async function readGuestCart(): Promise<CartLine[]> {
  const raw = (await cookies()).get('guest_cart')?.value;
  if (!raw) return [];
  return serialize.unserialize(Buffer.from(raw, 'base64').toString('utf8')) as CartLine[];
}
