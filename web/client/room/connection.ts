/**
 * A room's websocket as a phone on flaky Wi-Fi needs it: it says hello on every (re)connection, so
 * a dropped link or a reloaded page gets its seat back with the seat token, and it reconnects with
 * backoff (1 s doubling to 30 s, with jitter so that a room of phones does not knock at once).
 * The server resends the whole view on every hello, so nothing is lost while away.
 */

export type ConnectionState = 'connecting' | 'open' | 'waiting' | 'closed';

export interface RoomConnection {
  send(message: unknown): boolean;
  close(): void;
  readonly state: ConnectionState;
}

export interface ConnectionHandlers {
  /** The hello to send on each connection (it may change: after a welcome, the seat token). */
  hello(): unknown;
  message(message: { type: string; [key: string]: unknown }): void;
  state(state: ConnectionState, detail: string): void;
  /** A close the server meant (an unknown room, a refused hello): stop reconnecting. */
  final?(code: number, reason: string): void;
}

/** Close codes after which trying again cannot help. */
const FINAL_CODES = new Set([4403, 4404, 1008, 1009]);

export function connectRoom(code: string, handlers: ConnectionHandlers): RoomConnection {
  let socket: WebSocket | null = null;
  let state: ConnectionState = 'connecting';
  let attempt = 0;
  let stopped = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let keepAlive: ReturnType<typeof setInterval> | undefined;

  const set = (next: ConnectionState, detail: string) => {
    state = next;
    handlers.state(next, detail);
  };

  const open = () => {
    if (stopped) return;
    set('connecting', attempt === 0 ? 'Connecting…' : 'Reconnecting…');
    const url = new URL(`api/rooms/${encodeURIComponent(code)}/socket`, location.href);
    url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      set('open', 'Connected');
      ws.send(JSON.stringify(handlers.hello()));
      // Some networks drop a quiet connection: a small message now and then keeps it up.
      keepAlive = setInterval(() => ws.readyState === WebSocket.OPEN && ws.send('{"type":"ping"}'), 25_000);
    };
    ws.onmessage = (event) => {
      try {
        handlers.message(JSON.parse(String(event.data)));
      } catch (err) {
        console.warn('ccsim room: a message could not be read', err);
      }
    };
    ws.onclose = (event) => {
      clearInterval(keepAlive);
      if (stopped) return;
      if (FINAL_CODES.has(event.code)) {
        stopped = true;
        set('closed', event.reason || 'Closed by the server');
        handlers.final?.(event.code, event.reason);
        return;
      }
      attempt += 1;
      const delay = Math.min(30_000, 1000 * (1 << Math.min(attempt - 1, 5))) * (0.75 + Math.random() / 2);
      set('waiting', `Connection lost: trying again in ${Math.round(delay / 1000)} s`);
      retry = setTimeout(open, delay);
    };
  };

  // Back online, or the phone woken: try at once rather than wait out the backoff.
  const now = () => {
    if (state === 'waiting') {
      clearTimeout(retry);
      open();
    }
  };
  window.addEventListener('online', now);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'visible' && now());

  open();
  return {
    send(message) {
      if (socket?.readyState !== WebSocket.OPEN) return false;
      socket.send(JSON.stringify(message));
      return true;
    },
    close() {
      stopped = true;
      clearTimeout(retry);
      clearInterval(keepAlive);
      socket?.close();
      set('closed', 'Closed');
    },
    get state() {
      return state;
    },
  };
}
