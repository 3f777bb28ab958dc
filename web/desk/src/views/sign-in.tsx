import { useState } from "preact/hooks";
import { USER_POOL } from "../../../../functions/user-pool";
import type { Desk, Screen } from "../desk";
import { DICTIONARY, type Lang } from "../i18n";
import type { SignInFailure } from "../session";

/** Signing in, and setting one's own password at the first sign-in. */

function failureText(lang: Lang, failure: SignInFailure): string {
  const text = DICTIONARY[lang];
  switch (failure.kind) {
    case "wrong_credentials":
      return text.wrongCredentials;
    case "password_rejected":
      return `${text.passwordRejected}${text.passwordRules(USER_POOL.password.MinimumLength)}`;
    case "password_reset":
      return text.passwordReset;
    case "too_many_attempts":
      return text.tooManyAttempts;
    case "network":
      return text.networkFailed;
    case "other":
      return `${text.signInFailed}${failure.message}`;
  }
}

export function SignIn({
  desk,
  lang,
  screen,
}: {
  desk: Desk;
  lang: Lang;
  screen: Screen & { kind: "signed_out" };
}) {
  const text = DICTIONARY[lang];
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const notice =
    screen.notice === "expired"
      ? text.sessionExpired
      : screen.notice === "signed_out"
        ? text.signedOut
        : null;
  return (
    <section class="panel sign-in" aria-labelledby="sign-in-title">
      <h2 id="sign-in-title">{text.signInTitle}</h2>
      {notice && (
        <p role="status" class="notice">
          {notice}
        </p>
      )}
      <p>{text.signInNote}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void desk.signIn(email, password);
        }}
      >
        <label for="email">{text.email}</label>
        <input
          id="email"
          type="email"
          autocomplete="username"
          required
          value={email}
          onInput={(event) => setEmail(event.currentTarget.value)}
        />
        <label for="password">{text.password}</label>
        <input
          id="password"
          type="password"
          autocomplete="current-password"
          required
          value={password}
          onInput={(event) => setPassword(event.currentTarget.value)}
        />
        {screen.failure && (
          <p role="alert" class="problem">
            {failureText(lang, screen.failure)}
          </p>
        )}
        <button type="submit" disabled={screen.busy}>
          {screen.busy ? text.signingIn : text.signIn}
        </button>
      </form>
    </section>
  );
}

export function NewPassword({
  desk,
  lang,
  screen,
}: {
  desk: Desk;
  lang: Lang;
  screen: Screen & { kind: "new_password" };
}) {
  const text = DICTIONARY[lang];
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [differ, setDiffer] = useState(false);
  const rules = text.passwordRules(USER_POOL.password.MinimumLength);
  return (
    <section class="panel sign-in" aria-labelledby="new-password-title">
      <h2 id="new-password-title">{text.newPasswordTitle}</h2>
      <p>{text.newPasswordNote}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (password !== again) {
            setDiffer(true);
            return;
          }
          setDiffer(false);
          void desk.setNewPassword(password);
        }}
      >
        <label for="new-password-email">{text.email}</label>
        <input id="new-password-email" type="email" autocomplete="username" readOnly value={screen.email} />
        <label for="new-password">{text.newPassword}</label>
        <input
          id="new-password"
          type="password"
          autocomplete="new-password"
          required
          minLength={USER_POOL.password.MinimumLength}
          aria-describedby="password-rules"
          value={password}
          onInput={(event) => setPassword(event.currentTarget.value)}
        />
        <p id="password-rules" class="hint">
          {rules}
        </p>
        <label for="confirm-password">{text.confirmPassword}</label>
        <input
          id="confirm-password"
          type="password"
          autocomplete="new-password"
          required
          value={again}
          onInput={(event) => setAgain(event.currentTarget.value)}
        />
        {(differ || screen.failure) && (
          <p role="alert" class="problem">
            {differ ? text.passwordsDiffer : failureText(lang, screen.failure!)}
          </p>
        )}
        <button type="submit" disabled={screen.busy}>
          {screen.busy ? text.signingIn : text.setPassword}
        </button>
      </form>
    </section>
  );
}
