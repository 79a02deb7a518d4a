import { ConnectionError } from '../errors';
import { countTimeline } from '../store/sessionTimeline';
import type { RunContext } from './runContext';
import type { RunResources } from './runResources';

/**
 * The reconnect deadline: armed when the network drops, cleared when it comes back. The run
 * fails with `network-lost` if the connection stays away longer than `reconnectMs`; each
 * drop (not each repeated report of the same drop) counts once in the timeline.
 */
export class ReconnectDeadline {
  readonly #ctx: RunContext;
  readonly #resources: RunResources;
  readonly #fail: (error: ConnectionError) => void;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(ctx: RunContext, resources: RunResources, fail: (error: ConnectionError) => void) {
    this.#ctx = ctx;
    this.#resources = resources;
    this.#fail = fail;
  }

  /** The network dropped (true) or came back (false); `ending` runs arm nothing. */
  update(interrupted: boolean, ending: boolean): void {
    if (interrupted && this.#timer === undefined && !ending) {
      const { store } = this.#ctx;
      store.set({ timeline: countTimeline(store.get().timeline, 'reconnects') });
    }
    this.#resources.clear(this.#timer);
    this.#timer = undefined;
    if (!interrupted || ending) return;
    const ms = this.#ctx.timeouts.reconnectMs;
    this.#timer = this.#resources.after(ms, () =>
      this.#fail(
        new ConnectionError('network-lost', {
          message: `The connection did not come back within ${ms} ms.`,
        }),
      ),
    );
  }
}
