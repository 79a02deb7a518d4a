import type { BackendEvent } from '../runtime/backend/backendProtocol';
import type { EventHub, EventSubscriber } from './eventHub';
import { type RedisConnection, withTimeout } from './redisConnection';
import { CLOSE_EVENTS, MARK_DELIVERED, PUBLISH_EVENT, REPLAY_EVENTS } from './redisScripts';

export interface RedisEventHubDeps {
  connection: RedisConnection;
  keyPrefix: string;
  /** Entries kept per session for replay. */
  bufferSize: number;
  /** Life of a session's keys after its last event, ms. */
  ttlMs: number;
}

interface Local {
  subscriber: EventSubscriber;
  /** Highest seq this connection was sent (or decided it need not be sent). */
  lastSeq: number;
  /** Live entries that arrived while the replay was being read. */
  pending: string[] | undefined;
  closing: boolean;
}

interface Channel {
  locals: Set<Local>;
  /** Its own function, so unsubscribing never removes the listener of a newer channel. */
  listener: (message: string, channel: string) => void;
  /** The SUBSCRIBE of this instance to the session's channel. */
  subscribed: Promise<void>;
}

/** `seq\njson` → its parts. */
function split(entry: string): { seq: number; json: string } {
  const nl = entry.indexOf('\n');
  return { seq: Number(entry.slice(0, nl)), json: entry.slice(nl + 1) };
}

/**
 * The {@link EventHub} of the Redis store: the same contract as the in-process hub across
 * instances. Each event is appended to a capped per-session list and published on the
 * session's channel in one script, numbered by a per-session sequence; an instance holds one
 * subscription per session it streams. Ids are the event's own, so `Last-Event-ID` replay
 * works whichever instance the browser reconnects to.
 */
export function createRedisEventHub(deps: RedisEventHubDeps) {
  const { connection, keyPrefix, bufferSize, ttlMs } = deps;
  const channels = new Map<string, Channel>();
  const marked = new Map<string, number>();
  const base = `${keyPrefix}parley:events:`;
  const keys = (sessionId: string) => {
    const list = `${base}${sessionId}`;
    return {
      list,
      channel: list,
      seq: `${list}:seq`,
      delivered: `${list}:delivered`,
      closed: `${list}:closed`,
    };
  };

  function send(sessionId: string, local: Local, entry: string) {
    const { seq, json } = split(entry);
    if (seq <= local.lastSeq) return;
    local.lastSeq = seq;
    local.subscriber.send(JSON.parse(json) as BackendEvent);
    markDelivered(sessionId, seq);
  }

  /** Best effort: a lost mark only means a later connection replays an event it may dedupe. */
  function markDelivered(sessionId: string, seq: number) {
    if ((marked.get(sessionId) ?? 0) >= seq) return;
    marked.set(sessionId, seq);
    void connection
      .run(MARK_DELIVERED, [keys(sessionId).delivered], [String(seq), String(ttlMs)])
      .catch(() => {});
  }

  function closeLocal(local: Local) {
    if (local.pending) {
      local.closing = true;
      return;
    }
    local.subscriber.close();
  }

  function onMessage(sessionId: string, c: Channel, message: string) {
    for (const local of c.locals) {
      if (local.pending) local.pending.push(message);
      else if (message === 'close') closeLocal(local);
      else send(sessionId, local, message);
    }
  }

  async function leave(sessionId: string, local: Local) {
    const c = channels.get(sessionId);
    if (!c?.locals.delete(local) || c.locals.size > 0) return;
    channels.delete(sessionId);
    marked.delete(sessionId);
    const client = await connection.subscriber().catch(() => undefined);
    await client?.unsubscribe(keys(sessionId).channel, c.listener).catch(() => {});
  }

  /** After the subscriber reconnected: send what was published while it was away. */
  async function catchUp() {
    for (const [sessionId, c] of channels) {
      const k = keys(sessionId);
      try {
        // Closed first: if it is set, every event before the close is already in the list.
        const closed = (await connection.command(['EXISTS', k.closed])) === 1;
        const entries = (await connection.command(['LRANGE', k.list, '0', '-1'])) as string[];
        for (const local of c.locals) {
          if (local.pending) continue;
          for (const entry of entries) send(sessionId, local, entry);
          if (closed) closeLocal(local);
        }
      } catch {
        // Still down: the next reconnect tries again.
      }
    }
  }
  const offReconnect = connection.onSubscriberReconnect(() => void catchUp());

  const hub: EventHub = {
    async publish(sessionId, event) {
      const k = keys(sessionId);
      await connection.run(
        PUBLISH_EVENT,
        [k.list, k.seq, k.closed],
        [JSON.stringify(event), String(bufferSize), String(ttlMs), k.channel],
      );
    },
    async subscribe(sessionId, subscriber, lastEventId) {
      const k = keys(sessionId);
      const local: Local = { subscriber, lastSeq: 0, pending: [], closing: false };
      let c = channels.get(sessionId);
      if (!c) {
        const fresh: Channel = {
          locals: new Set(),
          listener: (message) => onMessage(sessionId, fresh, message),
          // SUBSCRIBE is not bound by the command timeout in node-redis: bound it here.
          subscribed: connection
            .subscriber()
            .then((client) =>
              withTimeout(client.subscribe(k.channel, fresh.listener), connection.commandTimeoutMs),
            ),
        };
        c = fresh;
        channels.set(sessionId, c);
      }
      c.locals.add(local);
      try {
        await c.subscribed;
        const [current, closed, entries] = (await connection.run(
          REPLAY_EVENTS,
          [k.list, k.delivered, k.closed, k.seq],
          [lastEventId ?? '', String(ttlMs)],
        )) as [number, number, string[]];
        for (const entry of entries) subscriber.send(JSON.parse(split(entry).json) as BackendEvent);
        local.lastSeq = Math.max(Number(current), ...entries.map((e) => split(e).seq));
        const pending = local.pending ?? [];
        local.pending = undefined;
        for (const message of pending) {
          if (message === 'close') local.closing = true;
          else send(sessionId, local, message);
        }
        if (Number(closed) === 1 || local.closing) {
          subscriber.close();
          await leave(sessionId, local);
          return () => {};
        }
      } catch (error) {
        // The last one out also drops a failed SUBSCRIBE, so the next connection tries anew.
        await leave(sessionId, local);
        throw error;
      }
      return () => void leave(sessionId, local);
    },
    async close(sessionId) {
      const k = keys(sessionId);
      await connection.run(CLOSE_EVENTS, [k.closed], [String(ttlMs), k.channel]);
    },
    async drop(sessionId) {
      const k = keys(sessionId);
      await connection.command(['DEL', k.list, k.seq, k.delivered, k.closed]);
      for (const local of [...(channels.get(sessionId)?.locals ?? [])]) {
        local.subscriber.close();
        await leave(sessionId, local);
      }
    },
  };

  return Object.assign(hub, {
    /** Closes every stream this instance serves and stops listening (store close). */
    async shutdown() {
      offReconnect();
      for (const [sessionId, c] of [...channels]) {
        for (const local of [...c.locals]) {
          local.subscriber.close();
          await leave(sessionId, local);
        }
      }
    },
  });
}
