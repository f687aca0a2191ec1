import { useState } from "react";
import { AuthScreen } from "../auth/AuthScreen";
import { useSession } from "../auth/useSession";
import { Workspace } from "./Workspace";

/** Asks who is signed in, then shows the login screen or the app. */
export function App() {
  const session = useSession();
  // Kept here, above the login screen, so what was typed survives an expired session.
  const [draft, setDraft] = useState("");
  const { state } = session;

  switch (state.status) {
    case "checking":
      return (
        <p className="splash" role="status">
          Loading…
        </p>
      );
    case "unreachable":
      return (
        <div className="splash" role="alert">
          <p>Can't start: {state.message}</p>
          <button type="button" className="button" onClick={session.check}>
            Retry
          </button>
        </div>
      );
    case "signed-out":
      return <AuthScreen expired={state.expired} onSignedIn={session.signedIn} />;
    case "signed-in":
      return (
        <Workspace
          me={state.me}
          onLogout={session.signOut}
          onLogoutEverywhere={session.signOutEverywhere}
          draft={draft}
          onDraftChange={setDraft}
        />
      );
  }
}
