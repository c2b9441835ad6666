// Tokens our identity provider issues for partner installers, signed with its RSA private key;
// we hold the public key only.
import fs from 'node:fs';
import path from 'node:path';
import jwt from 'jsonwebtoken';

const IDP_PUBLIC_KEY = fs.readFileSync(path.join(__dirname, '..', 'idp-public.pem'), 'utf8');

export interface PartnerClaims {
  sub: string;
  installer: string;
}

export function partnerFrom(token: string): PartnerClaims {
  return jwt.verify(token, IDP_PUBLIC_KEY) as PartnerClaims;
}
