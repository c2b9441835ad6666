// Express app factory: sessions, CORS, JWT, outbound TLS and secrets.
import express from 'express';
import session from 'express-session';
import cookieSession from 'cookie-session';
import cors from 'cors';
import jwt from 'jsonwebtoken';
import https from 'https';
import axios from 'axios';
import { Agent } from 'undici';
import { S3Client } from '@aws-sdk/client-s3';

// expect: hardcoded-secret
const JWT_SECRET = 'super-secret-jwt-signing-key-2024';
// ok: hardcoded-secret
const JWT_ISSUER = 'https://auth.example.com';
// ok: hardcoded-secret
const PASSWORD_MIN_LENGTH = 12;
// ok: hardcoded-secret
const passwordField = 'password';

export function createApp() {
  const app = express();
  // expect: hardcoded-secret
  app.use(session({ secret: 'keyboard cat', resave: false, saveUninitialized: false }));
  // expect: insecure-cookie
  app.use(cookieSession({ name: 'sess', keys: [process.env.SESSION_KEY!], secure: false, httpOnly: false }));
  // ok: insecure-cookie
  app.use(cookieSession({ name: 'sess2', keys: [process.env.SESSION_KEY!], secure: true, httpOnly: true, sameSite: 'lax' }));
  // expect: cors
  app.use(cors({ origin: true, credentials: true }));
  // ok: cors
  app.use(cors({ origin: ['https://app.example.com'], credentials: true }));

  app.get('/me', (req, res) => {
    // expect: insecure-cookie
    res.cookie('session', 'abc', { httpOnly: false, secure: false });
    res.json({});
  });

  app.get('/prefs', (req, res) => {
    // ok: insecure-cookie
    res.cookie('theme', 'dark', { httpOnly: true, secure: true, sameSite: 'lax' });
    res.json({});
  });
  return app;
}

export function issue(userId: string): string {
  // expect: hardcoded-secret
  return jwt.sign({ sub: userId }, 'another-hardcoded-secret-value', { expiresIn: '1h' });
}

export function issueEnv(userId: string): string {
  // ok: hardcoded-secret
  return jwt.sign({ sub: userId }, process.env.JWT_SECRET!, { expiresIn: '1h', issuer: JWT_ISSUER });
}

export function verifyNone(token: string) {
  // expect: jwt
  return jwt.verify(token, JWT_SECRET, { algorithms: ['none', 'HS256'] });
}

export function decodeOnly(token: string) {
  // expect: jwt
  return jwt.decode(token) as { sub: string };
}

export function verifyGood(token: string) {
  // ok: jwt
  return jwt.verify(token, process.env.JWT_SECRET!, { algorithms: ['HS256'] });
}

export function s3() {
  // expect: hardcoded-secret
  return new S3Client({ region: 'eu-west-1', credentials: { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } });
}

export function s3Env() {
  // ok: hardcoded-secret
  return new S3Client({ region: process.env.AWS_REGION ?? 'eu-west-1' });
}

export function insecureAgent() {
  // expect: tls
  return new https.Agent({ rejectUnauthorized: false });
}

export function insecureAxios() {
  // expect: tls
  return axios.create({ httpsAgent: new https.Agent({ rejectUnauthorized: false }) });
}

export function insecureUndici() {
  // expect: tls
  return new Agent({ connect: { rejectUnauthorized: false } });
}

export function disableTlsGlobally() {
  // expect: tls
  process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
}

export function pinnedAgent(ca: string) {
  // ok: tls
  return new https.Agent({ ca, rejectUnauthorized: true });
}

export async function partnerLogin(user: string, password: string) {
  // expect: cleartext
  return axios.post('http://auth.partner.example.com/login', { user, password });
}

export async function localHealth() {
  // ok: cleartext
  return axios.get('http://localhost:8080/health');
}

export async function partnerLoginTls(user: string, password: string) {
  // ok: cleartext
  return axios.post('https://auth.partner.example.com/login', { user, password });
}


// expect: hardcoded-secret
export const githubToken = 'ghp_1a2B3c4D5e6F7g8H9i0J1k2L3m4N5o6P7q8R';

// ok: hardcoded-secret
export const githubTokenEnv = process.env.GITHUB_TOKEN ?? '';
