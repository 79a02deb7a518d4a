import type {
  BotOutput,
  TranscriptChange,
  TranscriptEntry,
  TranscriptInput,
  TranscriptState,
  UserTurn,
} from './transcriptTypes';
import {
  appendWord,
  applyOutput,
  botText,
  cutShort,
  frozenTurn,
  newBotTurn,
  norm,
  parseTime,
  trimmed,
  ttsShows,
  type WorkingTurn,
  workingTurn,
} from './botTurn';
import { entryWith, TranscriptSlots } from './transcriptSlots';
import { isStraggler, NO_USER, outOfOrder, userWith } from './userTurn';

/**
 * The transcript, kept in place (in `TranscriptSlots`) so each input costs the same whatever
 * the transcript's length; the entries are copied into a new frozen array only when someone
 * reads them after a change.
 *
 * The open bot turn is changed in place, and its entry rebuilt only when it is read (the
 * entries, the changes since the last `takeWritten`, or any input other than the bot's own
 * words): a speaking bot's every word and spoken-progress update costs the same small step,
 * and a burst of them one rebuilt entry.
 *
 * Turns appear in arrival order; a user interim is replaced by its final in place; stragglers
 * (interims or repeated finals of a finished turn) are dropped; bot segments accumulate in
 * `segment_id` order; a user barging in finalises the bot turn as `interrupted`.
 */
export class TranscriptModel {
  readonly #max: number;
  #slots = new TranscriptSlots();
  /** External (backend) turn id → entry id. */
  readonly #links = new Map<string, string>();
  #nextUser = 1;
  #nextBot = 1;
  #user: UserTurn = NO_USER;
  #bot: WorkingTurn | null = null;
  /** The open bot turn changed since its entry was last written; `#botAt` is when. */
  #botDirty = false;
  #botAt = 0;
  #change: TranscriptChange = 'none';

  /** @throws RangeError when `maxEntries` is not a positive integer (a programming error). */
  constructor(maxEntries = 200) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1)
      throw new RangeError(`maxEntries must be an integer ≥ 1, got ${maxEntries}`);
    this.#max = maxEntries;
  }

  /** A model holding `state` (copies it: O(n)). */
  static from(state: TranscriptState, maxEntries?: number): TranscriptModel {
    const model = new TranscriptModel(maxEntries);
    model.#slots = TranscriptSlots.from(state.entries);
    for (const [turn, id] of Object.entries(state.links)) model.#links.set(turn, id);
    model.#nextUser = state.nextUser;
    model.#nextBot = state.nextBot;
    model.#user = state.user;
    model.#bot = state.bot && workingTurn(state.bot);
    return model;
  }

  /** Applies one input; says what changed. */
  apply(input: TranscriptInput): TranscriptChange {
    switch (input.kind) {
      case 'bot-output':
        return this.botOutput(input.at, input);
      case 'bot-tts-text':
        return this.ttsText(input.at, input.text);
      case 'user-transcription':
        return this.userTranscription(input.at, input.text, input.final, input.timestamp);
    }
    this.#begin();
    this.#step(input);
    return this.#end();
  }

  // The message path's own entries, one per frequent message: the same as `apply` with the
  // input's fields as arguments, so a message costs no input object and no dispatch on it.

  /** A `bot-output` message's data: the open bot turn, changed in place. */
  botOutput(at: number, output: BotOutput): TranscriptChange {
    // The bot's own words write no entry (see `#botChanged`), so nothing needs syncing first.
    this.#change = 'none';
    const turn = this.#bot ?? newBotTurn(at);
    // Nothing usable (e.g. empty text): no change, and no bot turn opened for it either.
    if (applyOutput(turn, output)) this.#botChanged(turn, at);
    return this.#change;
  }

  /** A `bot-tts-text` word. */
  ttsText(at: number, text: string): TranscriptChange {
    this.#change = 'none';
    const turn = this.#bot ?? newBotTurn(at);
    const ttsWords = appendWord(turn.ttsWords, text);
    if (ttsWords === turn.ttsWords) return this.#change;
    turn.ttsWords = ttsWords;
    // TTS words stand in only for what a turn lacks (see `botText`): once it has its own
    // text and spoken text (and its entry), a TTS word changes the turn, never its entry.
    if (this.#bot === turn && !ttsShows(turn) && this.#find(turn.entryId)) this.#touch();
    else this.#botChanged(turn, at);
    return this.#change;
  }

  /** A `user-transcription` (interim or final). */
  userTranscription(
    at: number,
    text: string,
    final: boolean,
    timestamp: string | undefined,
  ): TranscriptChange {
    this.#begin();
    this.#userTranscription(at, text, final, timestamp);
    return this.#end();
  }

  /** Anything but the bot's own words reads or orders the entries: the bot's go first. */
  #begin(): void {
    this.#change = 'none';
    if (this.#botDirty) this.#syncOpenBot();
  }

  #end(): TranscriptChange {
    // (The steps set it: TS keeps the narrowing of the assignment in #begin across calls.)
    const change = this.#change as TranscriptChange;
    if (change === 'entries') this.#trim();
    return change;
  }

  /**
   * The entries written since the last call, newest version of each, in transcript order
   * (the open bot turn's entry written first); then forgets them.
   */
  takeWritten(): readonly TranscriptEntry[] {
    if (this.#botDirty) this.#syncOpenBot();
    return this.#slots.takeWritten();
  }

  /** The entries as a frozen array; the same array until they change. */
  entries(): readonly TranscriptEntry[] {
    if (this.#botDirty) this.#syncOpenBot();
    return this.#slots.view();
  }

  get length(): number {
    return this.#slots.length;
  }

  /** A frozen value of the model (copies the entries if they changed). */
  toState(): TranscriptState {
    return Object.freeze({
      entries: this.entries(),
      nextUser: this.#nextUser,
      nextBot: this.#nextBot,
      user: this.#user,
      bot: this.#bot && frozenTurn(this.#bot),
      links: Object.fromEntries(this.#links),
    });
  }

  // ── storage ────────────────────────────────────────────────────────────────────────
  #find(id: string | null): TranscriptEntry | undefined {
    return this.#slots.find(id);
  }

  #put(entry: TranscriptEntry): void {
    this.#slots.put(entry);
    this.#change = 'entries';
  }

  #touch(): void {
    if (this.#change === 'none') this.#change = 'bookkeeping';
  }

  /** Drops the oldest entries past the limit, and the links to them. */
  #trim(): void {
    const dropped = this.#slots.trim(this.#max, (gone) => {
      if (this.#links.size > 0)
        for (const [turn, id] of this.#links) if (id === gone) this.#links.delete(turn);
    });
    if (dropped) this.#change = 'entries';
  }

  #setUser(user: UserTurn): void {
    this.#user = user;
    this.#touch();
  }

  #setBot(bot: WorkingTurn | null): void {
    if (bot === this.#bot) return;
    this.#bot = bot;
    this.#touch();
  }

  /** The open bot turn changed in place: its entry is rebuilt when next read. */
  #botChanged(turn: WorkingTurn, at: number): void {
    this.#bot = turn;
    this.#botDirty = true;
    this.#botAt = at;
    if (this.#change !== 'entries') this.#change = 'pending';
  }

  #syncOpenBot(): void {
    this.#botDirty = false;
    const turn = this.#bot;
    if (!turn) return;
    this.#syncBot(turn, this.#botAt);
    if (this.#change === 'entries') this.#trim();
  }

  // ── the bot's turn ─────────────────────────────────────────────────────────────────
  /** Writes the open bot turn into its entry, creating the entry once there is text. */
  #syncBot(turn: WorkingTurn, at: number): void {
    this.#bot = turn;
    const { text, spoken } = botText(turn);
    const prev = this.#find(turn.entryId);
    if ((!text && !prev) || (prev && prev.text === text && (prev.spokenText ?? '') === spoken))
      return;
    const id = prev?.id ?? turn.entryId ?? `b-${this.#nextBot}`;
    if (turn.entryId === null) this.#nextBot += 1;
    turn.entryId = id;
    const entry: { -readonly [K in keyof TranscriptEntry]: TranscriptEntry[K] } = {
      id,
      role: 'bot',
      text,
      final: false,
      startedAt: prev?.startedAt ?? turn.startedAt,
      updatedAt: at,
    };
    if (spoken) entry.spokenText = spoken;
    this.#put(entry);
  }

  /** Ends the open bot turn. Cut short = the user barged in, unless we know it was all spoken. */
  #closeBot(at: number, byUser: boolean): void {
    const entry = this.#bot && this.#find(this.#bot.entryId);
    this.#setBot(null);
    if (!entry) return;
    const interrupted = cutShort(entry, byUser);
    this.#put(
      entryWith(
        entry,
        interrupted ? { final: true, updatedAt: at, interrupted } : { final: true, updatedAt: at },
      ),
    );
  }

  /** Barge-in: the bot's turn ends where its voice stopped; the unspoken rest was never said. */
  #cutBot(at: number): void {
    const entryId = this.#bot?.entryId ?? null;
    this.#closeBot(at, true);
    const entry = this.#find(entryId);
    if (!entry?.interrupted || entry.spokenText === undefined) return;
    this.#put(entryWith(entry, { text: entry.spokenText.trim() }));
  }

  // ── the user's turn ────────────────────────────────────────────────────────────────
  #userTranscription(at: number, rawText: string, final: boolean, timestamp?: string): void {
    const text = trimmed(rawText);
    if (!text) return;
    const u = this.#user;
    const ts = parseTime(timestamp);
    const open = u.finalText === null ? this.#find(u.entryId) : undefined;
    if (open && !open.final) {
      if (outOfOrder(u, ts) || (open.text === text && !final)) return;
      this.#put(entryWith(open, { text, final, updatedAt: at }));
      const finalTimestamp = final ? (ts ?? u.finalTimestamp) : u.finalTimestamp;
      const finalText = final ? norm(text) : null;
      this.#setUser(userWith(u, { finalText, finalTimestamp, timestamp: ts ?? u.timestamp }));
      return;
    }
    // After the turn's final, its stragglers must not become a new entry.
    const n = u.finalText === null ? null : norm(text);
    if (n !== null && isStraggler(u, n, final, ts)) return;
    const id = `u-${this.#nextUser}`;
    this.#nextUser += 1;
    this.#put({ id, role: 'user', text, final, startedAt: u.startedAt ?? at, updatedAt: at });
    this.#setUser({
      entryId: id,
      finalText: final ? (n ?? norm(text)) : null,
      finalTimestamp: final ? (ts ?? u.finalTimestamp) : u.finalTimestamp,
      timestamp: ts,
      startedAt: null,
    });
  }

  // ── the backend's transcript ───────────────────────────────────────────────────────
  /** The same words among the last few entries of a role: what RTVI already delivered. */
  #recentTwin(role: 'user' | 'bot', text: string): TranscriptEntry | undefined {
    const n = norm(text);
    for (const e of this.#slots.newest(4))
      if (e.role === role && (role === 'bot' || e.final) && norm(e.text) === n) return e;
    return undefined;
  }

  #link(turnId: string | undefined, id: string | null | undefined): void {
    if (turnId === undefined || !id || this.#links.get(turnId) === id) return;
    this.#links.set(turnId, id);
    this.#touch();
  }

  #external(input: Extract<TranscriptInput, { kind: 'external-transcript' }>): void {
    const text = input.text.trim();
    if (!text) return;
    const linked =
      input.turnId === undefined ? undefined : this.#find(this.#links.get(input.turnId) ?? null);
    const isOpen =
      linked &&
      (linked.id === this.#user.entryId || linked.id === this.#bot?.entryId) &&
      !linked.final;
    if (linked && !isOpen) {
      // A correction of a closed turn from the authority; interims can't reopen it.
      if (input.final && linked.text !== text)
        this.#put(entryWith(linked, { text, updatedAt: input.at }));
      return;
    }
    if (input.role === 'user') {
      // Usually the same words RTVI already delivered: link them instead of adding a twin.
      const twin = linked ? undefined : this.#recentTwin('user', text);
      if (!twin) this.#userTranscription(input.at, text, input.final);
      this.#link(input.turnId, twin ? twin.id : this.#user.entryId);
      return;
    }
    const twin = linked ? undefined : this.#recentTwin('bot', text);
    if (twin) {
      this.#link(input.turnId, twin.id);
      return;
    }
    const open = this.#bot;
    // Only RTVI's bot-stopped-speaking ends a turn RTVI opened: the backend's final may
    // overtake the last RTVI segments, which would then open a duplicate turn.
    const rtvi =
      open && (open.segments.length || open.sentences.length || open.words || open.ttsWords);
    const turn = open ?? newBotTurn(input.at);
    turn.external = text;
    this.#touch();
    this.#syncBot(turn, input.at);
    const entryId = this.#bot?.entryId;
    if (input.final && !rtvi) this.#closeBot(input.at, false);
    this.#link(input.turnId, entryId);
  }

  #step(
    input: Exclude<TranscriptInput, { kind: 'bot-output' | 'bot-tts-text' | 'user-transcription' }>,
  ): void {
    switch (input.kind) {
      case 'user-started-speaking': {
        if (this.#bot) this.#closeBot(input.at, true);
        const open = this.#find(this.#user.entryId);
        // Speech during an unfinished user entry continues it: one non-final entry per user turn.
        if ((open && !open.final) || this.#user.startedAt !== null) return;
        this.#setUser(userWith(this.#user, { startedAt: input.at }));
        return;
      }
      case 'user-text': {
        const text = input.text.trim();
        if (!text) return;
        const id = `u-${this.#nextUser}`;
        this.#nextUser += 1;
        this.#put({
          id,
          role: 'user',
          text,
          final: true,
          startedAt: input.at,
          updatedAt: input.at,
        });
        return;
      }
      case 'bot-started-speaking':
        if (!this.#bot) this.#setBot(newBotTurn(input.at));
        return;
      case 'bot-stopped-speaking':
        if (this.#bot) this.#closeBot(input.at, false);
        return;
      case 'bot-interrupted':
        if (this.#bot) this.#cutBot(input.at);
        return;
      case 'external-transcript':
        this.#external(input);
        return;
    }
  }
}
