import type { Desk, DeskState } from "../desk";
import { DICTIONARY } from "../i18n";
import { NewPassword, SignIn } from "./sign-in";
import { Workspace } from "./workspace";

/** The page: a header (the product, the language, who is signed in) and the screen the state is on. */
export function App({ desk, state }: { desk: Desk; state: DeskState }) {
  const { lang, screen } = state;
  const text = DICTIONARY[lang];
  const other = lang === "zh" ? "en" : "zh";
  return (
    <>
      <a class="skip" href="#main">
        {text.skipToMain}
      </a>
      <header class="top">
        <div class="brand">
          <h1>{text.product}</h1>
          <p>{text.productNote}</p>
        </div>
        <div class="who">
          {screen.kind === "desk" && state.me && (
            <p>
              <span class="department">{state.me.department.name}</span>{" "}
              <span class="email">{state.me.emails.length > 0 ? desk.signedInEmail : ""}</span>
            </p>
          )}
          <button
            type="button"
            class="secondary"
            lang={other === "zh" ? "zh-CN" : "en"}
            aria-label={text.switchLanguageLabel}
            onClick={() => desk.setLang(other)}
          >
            {text.switchLanguage}
          </button>
          {screen.kind === "desk" && (
            <button type="button" class="secondary" onClick={() => desk.signOut()}>
              {text.signOut}
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        {screen.kind === "loading" && <p role="status">{text.loading}</p>}
        {screen.kind === "config_failed" && (
          <p role="alert" class="problem">
            {text.configFailed}
          </p>
        )}
        {screen.kind === "signed_out" && <SignIn desk={desk} lang={lang} screen={screen} />}
        {screen.kind === "new_password" && <NewPassword desk={desk} lang={lang} screen={screen} />}
        {screen.kind === "desk" && <Workspace desk={desk} state={state} />}
      </main>
    </>
  );
}
