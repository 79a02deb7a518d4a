import { Assistant } from './Assistant';

export default function Home() {
  return (
    <main className="mx-auto max-w-2xl p-8">
      <h1 className="text-2xl font-semibold">Parley on Next.js</h1>
      <p className="text-zinc-600">
        Talks to this app&apos;s own backend at <code>/api/voice</code>.
      </p>
      <Assistant backend="server" />
    </main>
  );
}
