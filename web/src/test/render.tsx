import { render } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { App } from "../app/App";

/** Renders the whole app, as the browser would, with a user-event session. */
export function renderApp() {
  const user = userEvent.setup();
  return { user, ...render(<App />) };
}
