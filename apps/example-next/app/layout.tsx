import type { Metadata } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: 'Parley on Next.js',
  description: 'A voice assistant on Parley: provider, button, bot audio and transcript.',
};

// No next/font/google: it downloads fonts at build time, and these machines are offline.
export default function RootLayout({ children }: LayoutProps<'/'>) {
  return (
    <html lang="en" className="h-full antialiased">
      <body className="min-h-full flex flex-col">{children}</body>
    </html>
  );
}
