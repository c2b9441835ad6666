// Next.js config of the shop's web front end.
/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // Kept on after a debugging session on the staging site.
  productionBrowserSourceMaps: true,
  images: {
    remotePatterns: [{ protocol: 'https', hostname: 'cdn.solar-shop.example' }],
  },
};

export default nextConfig;
