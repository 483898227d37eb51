/**
 * The only reader of `window.coffre` (built by the preload from shared/ipc/contract.ts). Everything that
 * crosses the bridge is parsed with the contract's schemas: a malformed answer becomes an INTERNAL error,
 * never an exception in a screen.
 */
import {
  CHANNELS,
  ErrorSchema,
  EVENTS,
  type ChannelName,
  type ChannelRequest,
  type ChannelResponse,
  type Envelope,
  type EventName,
  type EventPayload,
  type IpcError,
} from "../../shared/ipc/contract.js";

interface CoffreBridge {
  invoke(channel: string, request: unknown): Promise<unknown>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

function bridge(): CoffreBridge | null {
  const candidate = (window as unknown as { coffre?: Partial<CoffreBridge> }).coffre;
  if (candidate && typeof candidate.invoke === "function" && typeof candidate.on === "function") return candidate as CoffreBridge;
  return null;
}

export function bridgeAvailable(): boolean {
  return bridge() !== null;
}

/** Errors after which the window has no session any more: the session provider shows the unlock screen. */
const SESSION_LOST = new Set<string>(["LOCKED", "SESSION_REVOKED", "USER_DISABLED"]);
const sessionLostListeners = new Set<(code: string) => void>();

export function onSessionLost(listener: (code: string) => void): () => void {
  sessionLostListeners.add(listener);
  return () => sessionLostListeners.delete(listener);
}

const internal = (message: string): { ok: false; error: IpcError } => ({ ok: false, error: { code: "INTERNAL", message } });

/** Calls a channel of the contract. Never throws: every outcome is an Envelope. */
export async function call<C extends ChannelName>(channel: C, request: ChannelRequest<C>): Promise<Envelope<ChannelResponse<C>>> {
  const api = bridge();
  if (!api) return internal("the application bridge is missing");
  let raw: unknown;
  try {
    raw = await api.invoke(channel, request);
  } catch {
    return internal("the call failed");
  }
  if (typeof raw !== "object" || raw === null || !("ok" in raw)) return internal("malformed answer");
  const envelope = raw as { ok: unknown; value?: unknown; error?: unknown };
  if (envelope.ok === true) {
    const parsed = CHANNELS[channel].response.safeParse(envelope.value);
    if (!parsed.success) return internal("malformed answer");
    return { ok: true, value: parsed.data as ChannelResponse<C> };
  }
  const error = ErrorSchema.safeParse(envelope.error);
  if (!error.success) return internal("malformed error");
  if (SESSION_LOST.has(error.data.code) && channel !== "auth.login") for (const listener of sessionLostListeners) listener(error.data.code);
  return { ok: false, error: error.data };
}

/** Subscribes to a push event; payloads that do not match the contract are dropped. Returns the unsubscribe. */
export function onEvent<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  const api = bridge();
  if (!api) return () => undefined;
  return api.on(event, (payload) => {
    const parsed = EVENTS[event].safeParse(payload);
    if (parsed.success) listener(parsed.data as EventPayload<E>);
  });
}

/** Thrown by `callOrThrow` for screens that prefer try/catch; carries the typed error. */
export class CallError extends Error {
  constructor(readonly error: IpcError) {
    super(error.code);
  }
}

export async function callOrThrow<C extends ChannelName>(channel: C, request: ChannelRequest<C>): Promise<ChannelResponse<C>> {
  const result = await call(channel, request);
  if (!result.ok) throw new CallError(result.error);
  return result.value;
}

export type { ChannelName, ChannelRequest, ChannelResponse, Envelope, EventName, EventPayload, IpcError };
