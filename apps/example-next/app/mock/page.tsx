import { Assistant } from '../Assistant';

export default function MockPage() {
  return (
    <main className="mx-auto max-w-2xl p-8">
      <h1 className="text-2xl font-semibold">Parley on Next.js — mock room</h1>
      <p className="text-zinc-600">
        A mock backend, Daily call and bot in the page: no keys, no network.
      </p>
      <Assistant backend="mock" />
    </main>
  );
}
