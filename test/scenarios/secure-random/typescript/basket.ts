// The anonymous basket a visitor's cookie points to.
import type { Request, Response } from 'express';

export function startBasket(req: Request, res: Response): void {
  res.cookie('basket', Math.random().toString(36).slice(2), { httpOnly: true, secure: true, sameSite: 'lax' });
  res.json({ started: true });
}
