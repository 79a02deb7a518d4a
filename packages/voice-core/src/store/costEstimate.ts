/**
 * Unit prices for a session's cost estimate. Defaults are illustrative list prices in USD;
 * set your own contract prices. Shared by the browser timeline and the server guard.
 */
export interface UnitPrices {
  currency: string;
  /** Bot container (Pipecat Cloud agent) per hour. */
  containerPerHour: number;
  /** Daily room, per participant-hour (user + bot = 2 participants). */
  roomPerParticipantHour: number;
  /** Speech-to-text per minute of session audio. */
  transcriptionPerMinute: number;
  /** LLM, per call (one per bot turn). */
  llmPerCall: number;
  /** Text-to-speech per 1,000 characters spoken. */
  ttsPer1kChars: number;
}

export const DEFAULT_UNIT_PRICES: UnitPrices = {
  currency: 'USD',
  containerPerHour: 0.6,
  roomPerParticipantHour: 0.24,
  transcriptionPerMinute: 0.0043,
  llmPerCall: 0.002,
  ttsPer1kChars: 0.015,
};

export interface SessionUsage {
  durationMs: number;
  /** Participants in the room (default 2: user and bot). */
  participants?: number;
  llmCalls?: number;
  ttsChars?: number;
}

export interface CostEstimate {
  currency: string;
  total: number;
  breakdown: { container: number; room: number; transcription: number; llm: number; tts: number };
}

const round = (n: number) => Math.round(n * 1e6) / 1e6;

/** Estimated cost of one session from its usage and unit prices (rounded to 1e-6). */
export function estimateCost(usage: SessionUsage, prices: Partial<UnitPrices> = {}): CostEstimate {
  const p = { ...DEFAULT_UNIT_PRICES, ...prices };
  const hours = Math.max(0, usage.durationMs) / 3_600_000;
  const breakdown = {
    container: round(hours * p.containerPerHour),
    room: round(hours * (usage.participants ?? 2) * p.roomPerParticipantHour),
    transcription: round(hours * 60 * p.transcriptionPerMinute),
    llm: round((usage.llmCalls ?? 0) * p.llmPerCall),
    tts: round(((usage.ttsChars ?? 0) / 1000) * p.ttsPer1kChars),
  };
  const total = round(Object.values(breakdown).reduce((a, b) => a + b, 0));
  return { currency: p.currency, total, breakdown };
}
