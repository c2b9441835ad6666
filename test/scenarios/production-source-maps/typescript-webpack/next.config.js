// Next.js config of the solar shop's storefront (App Router), with its own webpack settings.
/** @type {import('next').NextConfig} */
module.exports = {
  reactStrictMode: true,
  poweredByHeader: true,
  async headers() {
    return [{ source: '/(.*)', headers: [{ key: 'X-Content-Type-Options', value: 'nosniff' }] }];
  },
  webpack(config, { dev, isServer }) {
    if (!dev && !isServer) {
      config.devtool = 'source-map';
    }
    return config;
  },
};
