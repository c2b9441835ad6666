import type { ReactNode } from 'react';

export const metadata = { title: 'Sunwise Solar — back office' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
