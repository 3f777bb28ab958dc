import { render } from "preact";
import { DESK_CONFIG_FILE, parseDeskConfig } from "../config";
import { Desk } from "./desk";
import { HTML_LANG } from "./i18n";
import { App } from "./views/app";

/**
 * The desk page's start: the config served next to the page, the state, and one render per change of
 * it. The upload shown is also in the address (`#upload/{id}`), so it can be reloaded or shared with a
 * colleague of the same department (another department's clerk is told it is not theirs).
 */

const root = document.getElementById("app")!;
const desk = new Desk({ local: localStorage, session: sessionStorage });

const UPLOAD_HASH = /^#upload\/([0-9a-f-]{36})$/;

let shownId: string | null = null;
desk.subscribe((state) => {
  document.documentElement.lang = HTML_LANG[state.lang];
  render(<App desk={desk} state={state} />, root);
  const id = state.shown?.uploadId ?? null;
  if (id !== shownId) {
    shownId = id;
    history.replaceState(null, "", id ? `#upload/${id}` : location.pathname + location.search);
  }
});

const followHash = () => {
  const id = UPLOAD_HASH.exec(location.hash)?.[1];
  if (id && id !== desk.state.shown?.uploadId && desk.state.screen.kind === "desk") void desk.follow(id);
};
window.addEventListener("hashchange", followHash);

render(<App desk={desk} state={desk.state} />, root);
const wanted = location.hash;
void desk
  .start(async () => {
    const response = await fetch(DESK_CONFIG_FILE, { cache: "no-store" });
    if (!response.ok) throw new Error(`${DESK_CONFIG_FILE}: ${response.status}`);
    return parseDeskConfig(await response.json());
  })
  .then(() => {
    if (wanted) {
      history.replaceState(null, "", wanted);
      followHash();
    }
  });
