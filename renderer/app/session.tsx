import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { call, onEvent, onSessionLost, type ChannelResponse } from "../api/bridge.js";

export type Me = ChannelResponse<"auth.me">;
export type SessionUser = NonNullable<Me["user"]>;

interface SessionContextValue {
  me: Me | null;
  /** Why the session was locked last (idle, revoked...), shown on the unlock screen. */
  lockReason: string | null;
  refresh: () => Promise<void>;
  logout: () => Promise<void>;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [lockReason, setLockReason] = useState<string | null>(null);

  const refresh = useCallback(async () => {
    const result = await call("auth.me", {});
    if (result.ok) {
      setMe(result.value);
      if (result.value.user) setLockReason(null);
    } else {
      setMe({ user: null, mustChangePassword: false, mfaEnabled: false, mfaEnrolmentRequired: false, canReveal: false, idleLockSeconds: 0 });
    }
  }, []);

  const logout = useCallback(async () => {
    await call("auth.logout", {});
    setLockReason(null);
    window.location.hash = "#/";
    await refresh();
  }, [refresh]);

  useEffect(() => {
    void refresh();
    const offLocked = onEvent("session.locked", (payload) => {
      setLockReason(payload.reason);
      void refresh();
    });
    // A call refused because the session ended (revoked, disabled, locked elsewhere): back to the unlock screen.
    const offLost = onSessionLost((code) => {
      setLockReason(code === "SESSION_REVOKED" ? "revoked" : code === "USER_DISABLED" ? "disabled" : "locked");
      void refresh();
    });
    return () => {
      offLocked();
      offLost();
    };
  }, [refresh]);

  // Activity postpones the idle lock; at most one touch every 20 s.
  useEffect(() => {
    if (!me?.user) return;
    let last = 0;
    const touch = () => {
      const now = Date.now();
      if (now - last < 20_000) return;
      last = now;
      void call("auth.touch", {});
    };
    window.addEventListener("keydown", touch);
    window.addEventListener("pointerdown", touch);
    return () => {
      window.removeEventListener("keydown", touch);
      window.removeEventListener("pointerdown", touch);
    };
  }, [me?.user]);

  return <SessionContext.Provider value={{ me, lockReason, refresh, logout }}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionContextValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error("useSession outside SessionProvider");
  return value;
}

export function useUser(): SessionUser {
  const { me } = useSession();
  if (!me?.user) throw new Error("no user");
  return me.user;
}
