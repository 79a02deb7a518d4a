import { ASSETS_URL } from '../assetsUrl';

/** The speech clips of `assets/audio/` (espeak-ng, mono, 22,050 Hz). */
export const CLIP_FILES = {
  userQuestion: 'user-question.wav',
  userGoodbye: 'user-goodbye.wav',
  botAnswer: 'bot-answer.wav',
  botGoodbye: 'bot-goodbye.wav',
  silence: 'silence-1s.wav',
} as const;

export type ClipName = keyof typeof CLIP_FILES;
export type Clips = Readonly<Record<ClipName, AudioBuffer>>;

/** What each clip says (from the assets' README), for the transcripts the mock bot sends. */
export const CLIP_TEXT: Readonly<Record<ClipName, string>> = {
  userQuestion: 'Hi there. Can you tell me what the weather looks like today?',
  userGoodbye: "Thanks, that's all. Goodbye.",
  botAnswer: 'Sure. It looks sunny this afternoon, with a light breeze and about twenty degrees.',
  botGoodbye: "You're welcome. Goodbye, and have a lovely day.",
  silence: '',
};

/** The URL a clip is served at (Storybook serves the shared assets as a static directory). */
export function clipUrl(name: ClipName): string {
  return `${ASSETS_URL}/audio/${CLIP_FILES[name]}`;
}

/**
 * Fetches and decodes every clip once per page (decoding works on a suspended context, so no
 * user gesture is needed). Rejects with the URL and status when a clip is missing.
 */
let loading: Promise<Clips> | null = null;
export function loadClips(context: BaseAudioContext): Promise<Clips> {
  loading ??= decodeAll(context).catch((error: unknown) => {
    loading = null;
    throw error;
  });
  return loading;
}

async function decodeAll(context: BaseAudioContext): Promise<Clips> {
  const names = Object.keys(CLIP_FILES) as ClipName[];
  const buffers = await Promise.all(
    names.map(async (name) => {
      const url = clipUrl(name);
      const response = await fetch(url);
      if (!response.ok) throw new Error(`Speech clip ${url} answered ${response.status}`);
      return context.decodeAudioData(await response.arrayBuffer());
    }),
  );
  return Object.fromEntries(names.map((name, i) => [name, buffers[i]])) as Clips;
}
