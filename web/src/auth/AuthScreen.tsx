import { useRef, useState, type FormEvent } from "react";
import { login, signup, type ApiError } from "../api/client";
import { asSentence, describeError, toApiError } from "../api/errors";
import type { Credentials, User } from "../api/types";
import { InputField } from "../forms/Field";
import "./AuthScreen.css";

type Mode = "login" | "signup";
type Errors = { username?: string; password?: string; form?: string };

const USERNAME_MIN = 3;
const USERNAME_MAX = 64;
const PASSWORD_MIN = 10;

function checkLocally(mode: Mode, { username, password }: Credentials): Errors {
  const errors: Errors = {};
  if (!username) errors.username = "Enter your username.";
  else if (mode === "signup" && (username.length < USERNAME_MIN || username.length > USERNAME_MAX))
    errors.username = `Use ${USERNAME_MIN} to ${USERNAME_MAX} characters.`;
  if (!password) errors.password = "Enter your password.";
  else if (mode === "signup" && password.length < PASSWORD_MIN)
    errors.password = `Use at least ${PASSWORD_MIN} characters.`;
  return errors;
}

function fromServer(mode: Mode, error: ApiError): Errors {
  switch (error.status) {
    case 401:
      return { form: "Wrong username or password." };
    case 409:
      return { username: "That username is taken. Try another one." };
    case 429: {
      if (error.problem.detail) return { form: asSentence(error.problem.detail) };
      const wait = error.retryAfter ? ` Try again in ${error.retryAfter} seconds.` : "";
      return { form: `Too many attempts.${wait}` };
    }
  }
  const errors: Errors = {};
  for (const { field, message } of error.fieldErrors) {
    if (field === "username" || field === "password") errors[field] ??= asSentence(message);
    else errors.form = asSentence(message);
  }
  if (!errors.username && !errors.password && !errors.form) {
    errors.form = `Couldn't ${mode === "login" ? "log in" : "sign up"}. ${describeError(error)}`;
  }
  return errors;
}

interface AuthScreenProps {
  /** True when the user arrives here because their session ended. */
  expired: boolean;
  onSignedIn: (user: User) => void;
}

/** Log in, or sign up, with a switch between the two. */
export function AuthScreen({ expired, onSignedIn }: AuthScreenProps) {
  const [mode, setMode] = useState<Mode>("login");
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const usernameRef = useRef<HTMLInputElement>(null);
  const passwordRef = useRef<HTMLInputElement>(null);

  const focusFirstError = (found: Errors) => {
    if (found.username) usernameRef.current?.focus();
    else if (found.password) passwordRef.current?.focus();
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const credentials = { username: username.trim(), password };
    const local = checkLocally(mode, credentials);
    setErrors(local);
    if (Object.keys(local).length > 0) return focusFirstError(local);
    setBusy(true);
    try {
      onSignedIn(await (mode === "login" ? login : signup)(credentials));
    } catch (caught) {
      const found = fromServer(mode, toApiError(caught));
      setErrors(found);
      setBusy(false);
      focusFirstError(found);
    }
  };

  const switchMode = () => {
    setMode(mode === "login" ? "signup" : "login");
    setErrors({});
  };

  const title = mode === "login" ? "Log in" : "Create an account";
  return (
    <main className="auth">
      <form className="auth__card" onSubmit={(event) => void onSubmit(event)} noValidate aria-labelledby="auth-title">
        <p className="auth__brand">Todo Chatbot</p>
        <h1 id="auth-title" className="auth__title">
          {title}
        </h1>
        {expired && mode === "login" && (
          <p className="notice" role="alert">
            Your session expired, please log in again.
          </p>
        )}
        {errors.form && (
          <p className="form-error" role="alert">
            {errors.form}
          </p>
        )}
        <InputField
          id="auth-username"
          label="Username"
          inputRef={usernameRef}
          value={username}
          onChange={(event) => setUsername(event.target.value)}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          maxLength={USERNAME_MAX}
          required
          autoFocus
          hint={mode === "signup" ? `${USERNAME_MIN} to ${USERNAME_MAX} characters.` : undefined}
          error={errors.username}
        />
        <InputField
          id="auth-password"
          label="Password"
          type="password"
          inputRef={passwordRef}
          value={password}
          onChange={(event) => setPassword(event.target.value)}
          autoComplete={mode === "login" ? "current-password" : "new-password"}
          required
          hint={mode === "signup" ? `At least ${PASSWORD_MIN} characters.` : undefined}
          error={errors.password}
        />
        <button type="submit" className="button button--primary auth__submit" disabled={busy}>
          {busy ? (mode === "login" ? "Logging in…" : "Creating your account…") : title}
        </button>
        <p className="auth__switch">
          {mode === "login" ? "New here? " : "Already have an account? "}
          <button type="button" className="link-button" onClick={switchMode}>
            {mode === "login" ? "Create an account" : "Log in"}
          </button>
        </p>
      </form>
    </main>
  );
}
