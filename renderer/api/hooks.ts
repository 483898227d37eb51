import { useCallback, useEffect, useRef, useState } from "react";
import { call, type ChannelName, type ChannelRequest, type ChannelResponse, type IpcError } from "./bridge.js";

export interface Loaded<T> {
  data: T | null;
  error: IpcError | null;
  loading: boolean;
  reload: () => void;
}

/** Loads a channel's answer when the screen opens (and again on `reload` or when `key` changes). */
export function useChannel<C extends ChannelName>(channel: C, request: ChannelRequest<C>, key = ""): Loaded<ChannelResponse<C>> {
  const [state, setState] = useState<{ data: ChannelResponse<C> | null; error: IpcError | null; loading: boolean }>({ data: null, error: null, loading: true });
  const [generation, setGeneration] = useState(0);
  const requestRef = useRef(request);
  requestRef.current = request;
  useEffect(() => {
    let live = true;
    setState((previous) => ({ ...previous, loading: true }));
    void call(channel, requestRef.current).then((result) => {
      if (!live) return;
      setState(result.ok ? { data: result.value, error: null, loading: false } : { data: null, error: result.error, loading: false });
    });
    return () => {
      live = false;
    };
  }, [channel, key, generation]);
  const reload = useCallback(() => setGeneration((value) => value + 1), []);
  return { ...state, reload };
}

/** A random id for an import job (crypto, never Math.random). */
export function newJobId(): string {
  return crypto.randomUUID();
}
