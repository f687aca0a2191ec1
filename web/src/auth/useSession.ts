import { useCallback, useEffect, useState } from "react";
import { getMe, logout, logoutEverywhere, onSessionExpired } from "../api/client";
import { describeError, toApiError } from "../api/errors";
import type { Me, User } from "../api/types";

export type SessionState =
  | { status: "checking" }
  | { status: "unreachable"; message: string }
  | { status: "signed-out"; expired: boolean }
  | { status: "signed-in"; me: Me };

export interface Session {
  state: SessionState;
  /** Asks the server again who is signed in. */
  check: () => void;
  signedIn: (user: User) => void;
  /** Logs out; rejects with an ApiError when the server could not be told. */
  signOut: () => Promise<void>;
  /** Ends every session and token of the account, then shows the login screen; rejects like signOut. */
  signOutEverywhere: () => Promise<void>;
}

/** Who is using the app: asked from /me at start, ended by logout or by any 401. */
export function useSession(): Session {
  const [state, setState] = useState<SessionState>({ status: "checking" });

  const check = useCallback(async () => {
    setState({ status: "checking" });
    try {
      const me = await getMe();
      setState(me ? { status: "signed-in", me } : { status: "signed-out", expired: false });
    } catch (caught) {
      setState({ status: "unreachable", message: describeError(toApiError(caught)) });
    }
  }, []);

  useEffect(() => {
    void check();
  }, [check]);

  useEffect(
    () =>
      onSessionExpired(() =>
        setState((current) => (current.status === "signed-in" ? { status: "signed-out", expired: true } : current)),
      ),
    [],
  );

  const signedIn = useCallback((user: User) => {
    setState({ status: "signed-in", me: { id: user.id, username: user.username, auth_mode: "accounts" } });
  }, []);

  const signOut = useCallback(async () => {
    await logout();
    setState({ status: "signed-out", expired: false });
  }, []);

  const signOutEverywhere = useCallback(async () => {
    await logoutEverywhere();
    setState({ status: "signed-out", expired: false });
  }, []);

  return { state, check: () => void check(), signedIn, signOut, signOutEverywhere };
}
