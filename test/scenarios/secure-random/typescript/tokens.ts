// Password-reset links and sign-in codes for the installer portal.
export function newResetLink(baseUrl: string): string {
  const resetToken = Math.random().toString(36).slice(2);
  return `${baseUrl}/reset?token=${encodeURIComponent(resetToken)}`;
}

export function newLoginCode(): string {
  const loginCode = Math.floor(Math.random() * 900000) + 100000;
  return String(loginCode);
}
