// Account security helpers: tokens, password hashing, signatures, encryption at rest.
import * as crypto from 'crypto';
import { createHash, createHmac, randomBytes, randomInt, randomUUID } from 'crypto';
import CryptoJS from 'crypto-js';

export function passwordHash(password: string): string {
  // expect: weak-crypto
  return crypto.createHash('md5').update(password).digest('hex');
}

export function passwordHashSha1(password: string, salt: string): string {
  // expect: weak-crypto
  return createHash('sha1').update(salt + password).digest('hex');
}

export function passwordHashGood(password: string, salt: Buffer): Buffer {
  // ok: weak-crypto
  return crypto.scryptSync(password, salt, 64);
}

export function signature(secret: string, body: string): string {
  // expect: weak-crypto
  return createHmac('md5', secret).update(body).digest('hex');
}

export function signatureGood(secret: string, body: string): string {
  // ok: weak-crypto
  return createHmac('sha256', secret).update(body).digest('hex');
}

export function etag(content: Buffer): string {
  // ok: weak-crypto
  return createHash('sha256').update(content).digest('base64url').slice(0, 27);
}

export function legacyToken(userId: string): string {
  // expect: weak-crypto
  return CryptoJS.MD5(userId + Date.now()).toString();
}

export function encryptEcb(key: Buffer, data: Buffer): Buffer {
  // expect: weak-crypto
  const c = crypto.createCipheriv('aes-256-ecb', key, null);
  return Buffer.concat([c.update(data), c.final()]);
}

export function encryptDes(key: Buffer, iv: Buffer, data: Buffer): Buffer {
  // expect: weak-crypto
  const c = crypto.createCipheriv('des-cbc', key, iv);
  return Buffer.concat([c.update(data), c.final()]);
}

export function encryptGcm(key: Buffer, data: Buffer) {
  const iv = randomBytes(12);
  // ok: weak-crypto
  const c = crypto.createCipheriv('aes-256-gcm', key, iv);
  return { iv, data: Buffer.concat([c.update(data), c.final()]), tag: c.getAuthTag() };
}

export function encryptRc4(key: Buffer, data: Buffer): Buffer {
  // expect: weak-crypto
  const c = crypto.createCipheriv('rc4', key, '');
  return c.update(data);
}

export function smallRsa() {
  // expect: weak-crypto
  return crypto.generateKeyPairSync('rsa', { modulusLength: 1024 });
}

export function goodRsa() {
  // ok: weak-crypto
  return crypto.generateKeyPairSync('rsa', { modulusLength: 3072 });
}

export function resetCode(): string {
  // expect: weak-random
  return String(Math.floor(Math.random() * 1_000_000)).padStart(6, '0');
}

export function apiToken(): string {
  // expect: weak-random
  return Math.random().toString(36).slice(2) + Math.random().toString(36).slice(2);
}

export function sessionId(): string {
  let id = '';
  // expect: weak-random
  for (let i = 0; i < 32; i++) id += 'abcdef0123456789'[Math.floor(Math.random() * 16)];
  return id;
}

export function resetCodeGood(): string {
  // ok: weak-random
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

export function apiTokenGood(): string {
  // ok: weak-random
  return randomBytes(32).toString('base64url');
}

export function requestId(): string {
  // ok: weak-random
  return randomUUID();
}

export function retryDelay(attempt: number): number {
  // ok: weak-random
  return Math.min(30_000, 2 ** attempt * 100) + Math.random() * 100;
}

export function pickBanner(banners: string[]): string {
  // ok: weak-random
  return banners[Math.floor(Math.random() * banners.length)];
}

export function legacyBytes(): Buffer {
  // expect: weak-random
  return crypto.pseudoRandomBytes(16);
}

export function checkToken(given: string, expected: string): boolean {
  // expect: insecure-compare
  return given === expected;
}

export function checkTokenGood(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  // ok: insecure-compare
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
