// Next.js config of the solar shop's storefront (App Router).
/** @type {import('next').NextConfig} */
// expect: missing-security-headers
module.exports = {
  reactStrictMode: true,
  poweredByHeader: false,
};
