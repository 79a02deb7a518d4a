/**
 * The bot's speaking turns, as the mock plays them: which turn is being spoken, which ones a
 * barge-in cut (the rest of their scripted messages is dropped), and the user mute of the
 * `first-speech` strategy (a muted user cannot interrupt). Pure bookkeeping: the bot sends.
 */
export class MockBotTurns {
  private speaking: string | null = null;
  private readonly cut = new Set<string>();
  private muted: string | null = null;
  private spokeOnce = false;

  constructor(private readonly muteFirstSpeech: boolean) {}

  reset(): void {
    this.speaking = null;
    this.muted = null;
    this.spokeOnce = false;
    this.cut.clear();
  }

  isCut(turn: string | undefined): boolean {
    return turn !== undefined && this.cut.has(turn);
  }

  /** The bot started speaking `turn`; true when the user is muted now (`user-mute-started`). */
  started(turn: string | null): boolean {
    this.speaking = turn;
    const mute = this.muteFirstSpeech && !this.spokeOnce;
    if (mute) this.muted = turn;
    this.spokeOnce = true;
    return mute;
  }

  /** The bot stopped; true when that ends the user's mute (`user-mute-stopped`). */
  stopped(): boolean {
    const unmute = this.muted !== null && this.muted === this.speaking;
    if (unmute) this.muted = null;
    this.speaking = null;
    return unmute;
  }

  /** The user started speaking: the turn it cuts, `null` when none, `'muted'` when it cannot. */
  interrupt(): string | null | 'muted' {
    if (this.muted !== null) return 'muted';
    const turn = this.speaking;
    if (turn !== null) this.cut.add(turn);
    return turn;
  }
}
