import { screen, waitFor, within } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { installFakeServer, json, makeTodo, problem } from "../test/fakeServer";
import { renderApp } from "../test/render";

const alice = { id: 1, username: "alice", created_at: "2026-01-01T00:00:00Z" };
const signedIn = () => json(200, { token: "t", user: alice });

function errorOf(field: HTMLElement): string | undefined {
  const ids = field.getAttribute("aria-describedby")?.split(" ") ?? [];
  return (
    ids.map((id) => document.getElementById(id)).find((el) => el?.className === "field-error")?.textContent ?? undefined
  );
}

describe("accounts", () => {
  it("shows the login screen when nobody is signed in, and the app after logging in", async () => {
    const server = installFakeServer("signed-out");
    server.on("POST", "/api/v1/auth/login", signedIn);
    const { user } = renderApp();

    expect(await screen.findByRole("heading", { name: "Log in" })).toBeTruthy();
    await user.type(screen.getByLabelText("Username"), "alice");
    await user.type(screen.getByLabelText("Password"), "correct horse battery");
    await user.click(screen.getByRole("button", { name: "Log in" }));

    expect(await screen.findByRole("textbox", { name: "Message" })).toBeTruthy();
    expect(server.requestsTo("POST", "/api/v1/auth/login")[0]?.body).toEqual({
      username: "alice",
      password: "correct horse battery",
    });
    expect(screen.getByText("alice")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Log out" })).toBeTruthy();
  });

  it("says so when the password is wrong", async () => {
    installFakeServer("signed-out").on("POST", "/api/v1/auth/login", () => problem(401, "wrong username or password"));
    const { user } = renderApp();

    await user.type(await screen.findByLabelText("Username"), "alice");
    await user.type(screen.getByLabelText("Password"), "not the password");
    await user.click(screen.getByRole("button", { name: "Log in" }));

    expect((await screen.findByRole("alert")).textContent).toBe("Wrong username or password.");
    expect(screen.queryByRole("textbox", { name: "Message" })).toBeNull();
  });

  it("signs up, and shows the server's field errors next to their fields", async () => {
    const server = installFakeServer("signed-out");
    server.on(
      "POST",
      "/api/v1/auth/signup",
      () => problem(422, "password: too common", { errors: [{ field: "password", message: "is too common" }] }),
      1,
    );
    server.on("POST", "/api/v1/auth/signup", () => json(201, { token: "t", user: alice }));
    const { user } = renderApp();

    await user.click(await screen.findByRole("button", { name: "Create an account" }));
    expect(screen.getByRole("heading", { name: "Create an account" })).toBeTruthy();
    await user.type(screen.getByLabelText("Username"), "alice");
    await user.type(screen.getByLabelText("Password"), "password123");
    await user.click(screen.getByRole("button", { name: "Create an account" }));

    const password = screen.getByLabelText("Password");
    await waitFor(() => expect(errorOf(password)).toBe("Is too common."));
    expect(password.getAttribute("aria-invalid")).toBe("true");
    expect(document.activeElement).toBe(password);

    await user.clear(password);
    await user.type(password, "a much better passphrase");
    await user.click(screen.getByRole("button", { name: "Create an account" }));
    expect(await screen.findByRole("textbox", { name: "Message" })).toBeTruthy();
  });

  it("checks the lengths before asking the server", async () => {
    const server = installFakeServer("signed-out");
    const { user } = renderApp();
    await user.click(await screen.findByRole("button", { name: "Create an account" }));

    await user.type(screen.getByLabelText("Username"), "al");
    await user.type(screen.getByLabelText("Password"), "short");
    await user.click(screen.getByRole("button", { name: "Create an account" }));

    expect(errorOf(screen.getByLabelText("Username"))).toBe("Use 3 to 64 characters.");
    expect(errorOf(screen.getByLabelText("Password"))).toBe("Use at least 10 characters.");
    expect(server.requestsTo("POST", "/api/v1/auth/signup")).toHaveLength(0);
  });

  it("says when a username is taken, and when there were too many attempts", async () => {
    const server = installFakeServer("signed-out");
    server.on("POST", "/api/v1/auth/signup", () => problem(409, "username taken"), 1);
    server.on("POST", "/api/v1/auth/signup", () =>
      problem(429, "too many attempts; try again in 30 seconds", {}, { "retry-after": "30" }),
    );
    const { user } = renderApp();
    await user.click(await screen.findByRole("button", { name: "Create an account" }));
    await user.type(screen.getByLabelText("Username"), "alice");
    await user.type(screen.getByLabelText("Password"), "long enough password");

    await user.click(screen.getByRole("button", { name: "Create an account" }));
    await waitFor(() =>
      expect(errorOf(screen.getByLabelText("Username"))).toBe("That username is taken. Try another one."),
    );

    await user.click(screen.getByRole("button", { name: "Create an account" }));
    expect((await screen.findByRole("alert")).textContent).toBe("Too many attempts; try again in 30 seconds.");
  });

  it("goes back to the login screen when the session expires, keeping what was typed", async () => {
    const server = installFakeServer("accounts");
    server.todos = [makeTodo({ id: 1, title: "Buy milk" })];
    server.on("PATCH", "/api/v1/todos/1", () => problem(401, "session expired"), 1);
    server.on("POST", "/api/v1/auth/login", signedIn);
    const { user } = renderApp();
    await user.type(await screen.findByRole("textbox", { name: "Message" }), "half a thought");

    await user.click(await screen.findByRole("checkbox", { name: "Done: Buy milk" }));

    expect((await screen.findByRole("alert")).textContent).toBe("Your session expired, please log in again.");
    await user.type(screen.getByLabelText("Username"), "alice");
    await user.type(screen.getByLabelText("Password"), "correct horse battery");
    await user.click(screen.getByRole("button", { name: "Log in" }));

    const input = await screen.findByRole<HTMLTextAreaElement>("textbox", { name: "Message" });
    expect(input.value).toBe("half a thought");
  });

  it("puts a message that met an expired session back in the input", async () => {
    const server = installFakeServer("accounts");
    server.on("POST", "/api/v1/chat", () => problem(401, "session expired"), 1);
    server.on("POST", "/api/v1/auth/login", signedIn);
    const { user } = renderApp();

    await user.type(await screen.findByRole("textbox", { name: "Message" }), "add buy milk{Enter}");
    await screen.findByText("Your session expired, please log in again.");
    await user.type(screen.getByLabelText("Username"), "alice");
    await user.type(screen.getByLabelText("Password"), "correct horse battery");
    await user.click(screen.getByRole("button", { name: "Log in" }));

    const input = await screen.findByRole<HTMLTextAreaElement>("textbox", { name: "Message" });
    expect(input.value).toBe("add buy milk");
  });

  it("logs out from the header", async () => {
    const server = installFakeServer("accounts");
    const { user } = renderApp();

    await user.click(await screen.findByRole("button", { name: "Log out" }));

    expect(await screen.findByRole("heading", { name: "Log in" })).toBeTruthy();
    expect(server.requestsTo("POST", "/api/v1/auth/logout")).toHaveLength(1);
    expect(screen.queryByText("Your session expired, please log in again.")).toBeNull();
  });

  it("has no login and no logout in single-user mode", async () => {
    installFakeServer("single-user");
    renderApp();

    const banner = await screen.findByRole("banner");
    expect(within(banner).getByRole("button", { name: "New chat" })).toBeTruthy();
    expect(within(banner).queryByRole("button", { name: "Log out" })).toBeNull();
    expect(screen.queryByRole("heading", { name: "Log in" })).toBeNull();
  });

  it("offers a retry when the server cannot be reached at start", async () => {
    const server = installFakeServer("single-user");
    server.on("GET", "/api/v1/me", () => Promise.reject(new TypeError("Failed to fetch")), 1);
    const { user } = renderApp();

    expect((await screen.findByRole("alert")).textContent).toContain("Can't reach the server");
    await user.click(screen.getByRole("button", { name: "Retry" }));

    expect(await screen.findByRole("textbox", { name: "Message" })).toBeTruthy();
  });
});
