// The partner API's key check: the header against the key in the environment.
export function isPartner(apiKey: string | null): boolean {
  return apiKey === process.env.PARTNER_API_KEY;
}
